using System.Globalization;
using System.Text;
using FormFlow.Documents;
using FormFlow.Templates;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Problems;

/// <summary>
/// Checks a request body before an endpoint reads it. One over <see cref="LimitOptions.MaxRequestBytes"/>
/// (<see cref="LimitOptions.MaxUploadBytes"/> for an endpoint marked <see cref="UploadLimit"/>, <see cref="DocumentReader.MaxBytes"/> for one
/// marked <see cref="DocumentLimit"/>) is 413: by its Content-Length, or — sent in chunks — by reading at most one byte past the limit. A JSON
/// body (not an upload) is then read by the engine's <see cref="DocumentReader"/>, as <c>formflow</c> reads files: what it refuses (not strict JSON, a member
/// twice, too deep, too large) is 400 (413 for too large) with its code and a message naming the line and column; what
/// it reads must then be portable (<see cref="PortableJson"/>: no lone surrogate, no number beyond a double), else 400
/// naming each such value by its JSON Pointer.
/// </summary>
internal sealed class RequestBodyCheck(RequestDelegate next, IOptions<LimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var document = metadata?.GetMetadata<DocumentLimit>() is not null;
        var upload = metadata?.GetMetadata<UploadLimit>() is not null;
        var limit = document ? DocumentReader.MaxBytes : upload ? options.Value.MaxUploadBytes : options.Value.MaxRequestBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }

        var length = context.Request.ContentLength;
        if (length > limit || (length is null && HasBody(context.Request) && !await FitsAsync(context, limit)))
        {
            await WriteTooLargeAsync(context, limit, document);
            return;
        }

        // A file upload is the endpoint's to judge, whatever it is sent as.
        if (!upload && context.Request.HasJsonContentType() && (length > 0 || HasBody(context.Request)))
        {
            var (problem, text) = await ReadAsync(context);
            if (problem is not null)
            {
                var status = problem == DocumentReader.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                await WriteAsync(context, status, status == StatusCodes.Status400BadRequest
                    ? ApiProblems.InvalidDetails(context, [new FieldError(string.Empty, problem.Code, problem.Message)])
                    : ApiProblems.Details(context, status, problem.Code, problem.Message));
                return;
            }

            // Read, it must also be portable: no broken character, no number beyond a double, each named by its pointer.
            if (PortableJson.Check(text) is { Count: > 0 } unportable)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, ApiProblems.InvalidDetails(context, unportable.Select(p => new FieldError(p.Pointer, p.Code, p.Message))));
                return;
            }
        }

        await next(context);
    }

    private static async Task WriteAsync(HttpContext context, int status, Microsoft.AspNetCore.Mvc.ProblemDetails details)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }

    // Bytes that are no UTF-8 are refused, not read as U+FFFD: what was sent would be saved changed, unseen.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly DocumentProblem NotUtf8 = new("json.invalid-utf8", new LocalizedText(
        "请求体不是有效的 UTF-8 文本（含有无法解码的字节）。",
        "The request body is not valid UTF-8 text (it holds bytes that decode to no character)."), null, null);

    // The body as text through the document reader, then rewound for the endpoint; an empty body is the endpoint's to judge.
    private static async Task<(DocumentProblem? Problem, string Text)> ReadAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        string text;
        try
        {
            using var reader = new StreamReader(context.Request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return (NotUtf8, string.Empty);
        }

        context.Request.Body.Position = 0;
        return (string.IsNullOrWhiteSpace(text) ? null : DocumentReader.Check(text), text);
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

    private static async Task WriteTooLargeAsync(HttpContext context, long limit, bool document)
    {
        var bytes = limit.ToString("N0", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = document
                ? ApiProblems.Details(context, StatusCodes.Status413PayloadTooLarge, DocumentReader.TooLarge.Code, DocumentReader.TooLarge.Message)
                : ApiProblems.Details(context, StatusCodes.Status413PayloadTooLarge, "request.too-large", new LocalizedText(
                    $"请求体超过了 {bytes} 字节的上限。",
                    $"The request body is over the limit of {bytes} bytes.")),
        });
    }
}
