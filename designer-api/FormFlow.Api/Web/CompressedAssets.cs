using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace FormFlow.Api.Web;

/// <summary>
/// The hashed assets as the build compressed them (designer-api/web/scripts/compress.mjs: <c>NAME.br</c> and
/// <c>NAME.gz</c> beside <c>NAME</c>), sent to a browser that accepts Brotli or gzip: a first visit on a phone loads
/// about a third of the bytes (docs/performance.md, "Web pages"). The request is pointed at the compressed file before
/// the static files answer it, so caching, ranges and validators work as for any file; the answer names its coding
/// and varies by <c>Accept-Encoding</c>. Only the assets: the page itself (<c>index.html</c>) is small and the API's
/// answers, which hold personal data beside what a request sends, are not compressed.
/// </summary>
internal static class CompressedAssets
{
    // The codings the build writes, by preference when a browser takes both alike (Brotli is the smaller).
    private static readonly (string Coding, string Suffix)[] Codings = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>
    /// Points a GET or HEAD of an asset under <paramref name="prefix"/> at its compressed file when the browser accepts
    /// its coding and the build wrote one. A compressed file asked for by its own name is not an address of the pages:
    /// answered 404 here (false), so that nobody gets compressed bytes they did not ask to be sent compressed.
    /// </summary>
    public static bool Choose(HttpContext context, IFileProvider files, string prefix)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (path is null || !path.StartsWith(prefix, StringComparison.Ordinal) || (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)))
        {
            return true;
        }

        if (CodingOf(path) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Preferred(request.Headers.AcceptEncoding) is not { } coding)
        {
            return true;
        }

        var suffix = Codings.First(c => c.Coding == coding).Suffix;
        if (files.GetFileInfo(path + suffix).Exists)
        {
            request.Path = path + suffix;
        }

        return true;
    }

    /// <summary>The coding of a file the build compressed (<c>br</c>, <c>gzip</c>) by its name; null for any other file.</summary>
    public static string? CodingOf(string name) => Codings.FirstOrDefault(c => name.EndsWith(c.Suffix, StringComparison.Ordinal)).Coding;

    /// <summary>
    /// The coding to send for an <c>Accept-Encoding</c> header (RFC 9110, 12.5.3): of Brotli and gzip, the one with the
    /// highest weight above zero, by name or by <c>*</c>, Brotli on a tie — unless the browser weighs the file as it is
    /// higher (<c>identity</c>, by name or by <c>*</c>, else 1). Null for the file as it is: no header, or nothing
    /// compressed acceptable.
    /// </summary>
    internal static string? Preferred(IEnumerable<string?> acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList([.. acceptEncoding.OfType<string>()], out var accepted) || accepted.Count == 0)
        {
            return null;
        }

        double? WeightOf(string coding) => accepted.FirstOrDefault(a => string.Equals(a.Value.Value, coding, StringComparison.OrdinalIgnoreCase)) is { } named
            ? named.Quality ?? 1
            : null;
        var any = WeightOf("*");
        var best = Codings.Select(c => (c.Coding, Weight: WeightOf(c.Coding) ?? any ?? 0)).Where(c => c.Weight > 0).OrderByDescending(c => c.Weight).FirstOrDefault();
        var identity = WeightOf("identity") ?? any ?? 1;
        return best.Coding is not null && best.Weight >= identity ? best.Coding : null;
    }

    /// <summary>Content types by the name of the file before it was compressed: <c>app.js.br</c> is a script.</summary>
    internal sealed class ContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider byExtension = new();

        public bool TryGetContentType(string subpath, out string contentType) =>
            byExtension.TryGetContentType(CodingOf(subpath) is null ? subpath : subpath[..subpath.LastIndexOf('.')], out contentType!);
    }
}
