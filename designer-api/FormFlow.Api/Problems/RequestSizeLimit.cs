using System.Globalization;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Problems;

/// <summary>
/// Refuses a request body over <see cref="LimitOptions.MaxRequestBytes"/> (<see cref="LimitOptions.MaxUploadBytes"/> for an endpoint marked <see cref="UploadLimit"/>) with 413 before an endpoint reads it: by its
/// Content-Length, or — sent in chunks — by reading at most one byte past the limit.
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IOptions<LimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<UploadLimit>() is not null ? options.Value.MaxUploadBytes : options.Value.MaxRequestBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }

        var length = context.Request.ContentLength;
        if (length > limit || (length is null && HasBody(context.Request) && !await FitsAsync(context, limit)))
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.Headers.TransferEncoding.Count > 0 && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method));

    // A chunked body is buffered up to the limit (at most 1 MB by default) so that the endpoint reads it as usual.
    private static async Task<bool> FitsAsync(HttpContext context, long limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return false;
            }
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    private static async Task WriteTooLargeAsync(HttpContext context, long limit)
    {
        var bytes = limit.ToString("N0", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.Details(context, StatusCodes.Status413PayloadTooLarge, "request.too-large", new LocalizedText(
                $"请求体超过了 {bytes} 字节的上限。",
                $"The request body is over the limit of {bytes} bytes.")),
        });
    }
}
