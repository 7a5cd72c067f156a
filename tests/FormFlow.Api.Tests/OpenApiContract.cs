using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace FormFlow.Api.Tests;

/// <summary>One answer of the host as a client received it: what was asked, the status, the media type and the body.</summary>
internal sealed record Exchange(string Method, string Path, int Status, string? MediaType, byte[] Body)
{
    public override string ToString() => $"{Method} {Path} → {Status}";
}

/// <summary>Keeps every answer its client receives, in order, for checking afterwards.</summary>
internal sealed class ExchangeRecorder(List<Exchange> exchanges) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // Buffered by HttpContent: the caller reads the same body again.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (exchanges)
        {
            exchanges.Add(new Exchange(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
        }

        return response;
    }
}

/// <summary>
/// An OpenAPI 3.1 document as a contract for answers: finds the operation an answer belongs to (by method and path
/// template), its documented response (by status) and content (by media type), and validates a JSON body against that
/// content's schema with JSON Schema 2020-12, the dialect of OpenAPI 3.1 schemas (references into
/// <c>#/components/schemas</c> resolved within the document).
/// </summary>
internal sealed class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private readonly JsonObject paths;
    private readonly JsonObject definitions;
    private readonly Dictionary<string, JsonSchema> schemas = [];

    private OpenApiContract(JsonObject document)
    {
        paths = document["paths"]!.AsObject();
        definitions = (JsonObject)Rewrite(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
    }

    public static OpenApiContract Parse(string document) => new(JsonNode.Parse(document)!.AsObject());

    /// <summary>What is wrong with <paramref name="exchange"/> by the document: nothing when it is documented and its body fits.</summary>
    public IEnumerable<string> Check(Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (Operation(exchange) is not var (template, operation))
        {
            yield return $"{exchange}: the document has no {exchange.Method} operation at this address";
            yield break;
        }

        var responses = operation["responses"]?.AsObject() ?? [];
        var key = new[] { exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{exchange.Status / 100}XX", "default" }.FirstOrDefault(responses.ContainsKey);
        if (key is null)
        {
            yield return $"{exchange} ({exchange.Method} {template}): status {exchange.Status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))}); body: {Text(exchange)}";
            yield break;
        }

        var content = responses[key]!["content"]?.AsObject();
        if (exchange.Body.Length == 0)
        {
            if (content is { Count: > 0 })
            {
                yield return $"{exchange} ({exchange.Method} {template}): answered no body where the document describes {string.Join(", ", content.Select(c => c.Key))}";
            }

            yield break;
        }

        if (exchange.MediaType is not { } mediaType || content?[mediaType] is not JsonObject media)
        {
            yield return $"{exchange} ({exchange.Method} {template}): media type {exchange.MediaType} is not documented for {key} (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})";
            yield break;
        }

        if (!IsJson(mediaType))
        {
            yield break;
        }

        if (media["schema"] is not { } schema)
        {
            yield return $"{exchange} ({exchange.Method} {template}): {key} {mediaType} has no schema";
            yield break;
        }

        using var body = JsonDocument.Parse(exchange.Body);
        var results = Schema($"{exchange.Method} {template} {key} {mediaType}", schema).Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!results.IsValid)
        {
            var errors = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
            yield return $"{exchange} ({exchange.Method} {template} {key} {mediaType}): the body does not fit the schema: {string.Join("; ", errors)}; body: {Text(exchange)}";
        }
    }

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Text(Exchange exchange) => exchange.MediaType is { } type && IsJson(type) ? Encoding.UTF8.GetString(exchange.Body) : $"({exchange.Body.Length} bytes of {exchange.MediaType})";

    // The operation of the path template that matches the address with the fewest parameters (a literal segment wins).
    private (string Template, JsonObject Operation)? Operation(Exchange exchange)
    {
        var method = exchange.Method.ToLowerInvariant();
        return paths
            .Where(p => p.Value?[method] is JsonObject && Matches(p.Key, exchange.Path))
            .OrderBy(p => p.Key.Count(c => c == '{'))
            .Select(p => ((string, JsonObject)?)(p.Key, p.Value![method]!.AsObject()))
            .FirstOrDefault();
    }

    private static bool Matches(string template, string path)
    {
        var pattern = string.Join("/", template.Split('/').Select(s => s.StartsWith('{') && s.EndsWith('}') ? "[^/]+" : Regex.Escape(s)));
        return Regex.IsMatch(path, "^" + pattern + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    // The response schema with the document's components beside it as $defs, built once per response.
    private JsonSchema Schema(string key, JsonNode schema)
    {
        if (!schemas.TryGetValue(key, out var built))
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = definitions.DeepClone(),
                ["allOf"] = new JsonArray(Rewrite(schema.DeepClone())),
            };
            built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            schemas[key] = built;
        }

        return built;
    }

    // "#/components/schemas/X" → "#/$defs/X": the components sit under $defs in the schema that is built.
    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "$ref" && value is JsonValue reference && reference.TryGetValue<string>(out var target) && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                    {
                        obj[name] = "#/$defs/" + target[ComponentsPrefix.Length..];
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }

        return node;
    }
}
