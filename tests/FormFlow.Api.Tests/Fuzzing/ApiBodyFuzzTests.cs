using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using FormFlow.Tests.Fuzzing;

namespace FormFlow.Api.Tests.Fuzzing;

/// <summary>
/// Every operation of the OpenAPI document that takes a JSON body, over the host in process (SQLite), with generated
/// bodies: built from the operation's schema (right and wrong types, missing and unknown members, enum values and
/// others, dates and random text), then damaged by <see cref="JsonMutation"/>; sent by an administrator, an HRBP, a
/// manager and an employee to addresses that name a real cycle, task and instance or random ones. No answer is 500,
/// none hangs, every 4xx is Problem Details.
/// </summary>
public sealed class ApiBodyFuzzTests
{
    private static readonly string[] People = ["E002", "E004", "E022", "E025"];

    private readonly Dictionary<string, HttpClient> clients = [];
    private readonly Dictionary<string, string> ids = [];
    private TestDatabase? database;
    private ApiHost? host;
    private List<Operation> operations = [];
    private JsonObject components = [];

    private sealed record Operation(string Method, string Path, JsonNode Schema)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    [OneTimeSetUp]
    public async Task StartHost()
    {
        database = TestDatabase.Create("sqlite");
        host = new ApiHost(database, new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" });
        using var anonymous = host.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        components = document["components"]?["schemas"]?.AsObject() ?? [];
        operations =
        [
            .. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
                .Where(m => m.Key != "parameters" && m.Value?["requestBody"]?["content"]?["application/json"]?["schema"] is not null)
                .Select(m => new Operation(m.Key.ToUpperInvariant(), path.Key, m.Value!["requestBody"]!["content"]!["application/json"]!["schema"]!)))
                .Where(o => !o.Path.StartsWith("/api/auth/", StringComparison.Ordinal) || o.Path == "/api/auth/dev-sign-in")
                .OrderBy(o => o.ToString(), StringComparer.Ordinal),
        ];

        foreach (var person in People)
        {
            clients[person] = await SignedIn(person);
        }

        // Something real for the addresses to name: an annual review of 蒋涛 (E025), launched by his HRBP.
        var start = host.Clock.GetUtcNow();
        var launch = new JsonObject
        {
            ["cycleId"] = "fuzz-cycle",
            ["name"] = "模糊测试 / fuzz",
            ["processKey"] = "annual-review",
            ["startsAt"] = start.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = start.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray("E025") },
        };
        using (var launched = await clients["E004"].PostAsync("/api/cycles", new StringContent(launch.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.That((int)launched.StatusCode, Is.EqualTo(201), await launched.Content.ReadAsStringAsync());
        }

        var task = JsonNode.Parse(await clients["E025"].GetStringAsync("/api/tasks?cycle=fuzz-cycle&status=open"))!["items"]![0]!;
        ids["task"] = (string)task["id"]!;
        ids["instance"] = (string)task["instanceId"]!;
        ids["cycle"] = "fuzz-cycle";
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        host?.Dispose();
        database?.Dispose();
    }

    [Test]
    public void Every_json_endpoint_answers_generated_bodies_without_a_500_and_every_4xx_is_problem_details()
    {
        Assert.That(operations, Has.Count.GreaterThan(20), "the document lists the operations that take JSON");
        var statuses = new SortedDictionary<int, int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var gen = Gen.Select(Gen.Int[0, operations.Count - 1], Gen.Int[0, People.Length - 1], Gen.Int[0, 9], Gen.Int.NonNegative)
            .SelectMany((op, person, address, pick) => Body(operations[op].Schema, 4).SelectMany(body => Gen.Frequency(
                (3, (IGen<string>)Gen.Const(Text(body))),
                (2, JsonMutation.OneMutation.Array[1, 3].Select(m => JsonMutation.Apply(Text(body), m)))))
                .Select(text => (op, person, address, pick, text)));
        FuzzRun.Sample(
            "api bodies",
            gen,
            input =>
            {
                var operation = operations[input.op];
                var url = Address(operation.Path, input.address, input.pick);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), url)
                {
                    Content = new StringContent(input.text, Encoding.UTF8, "application/json"),
                };
                var response = FuzzRun.Bounded(() => clients[People[input.person]].SendAsync(request).GetAwaiter().GetResult(), () => $"{operation.Method} {url} {input.text}");
                using (response)
                {
                    var status = (int)response.StatusCode;
                    var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                    lock (statuses)
                    {
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                        seen.Add($"{operation} {status}");
                    }

                    var what = $"{operation.Method} {url} as {People[input.person]} with {Shorten(input.text)} → {status} {Shorten(body)}";
                    Assert.That(status, Is.LessThan(500), what);
                    if (status >= 400)
                    {
                        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
                        var problem = JsonNode.Parse(body)!.AsObject();
                        Assert.That((int?)problem["status"], Is.EqualTo(status), what);
                        Assert.That((string?)problem["title"], Is.Not.Empty, what);
                    }
                }
            },
            iterations: 600,
            print: input => $"{operations[input.op]} as {People[input.person]} at {input.address}/{input.pick}: {Shorten(input.text)}");

        TestContext.Out.WriteLine($"{operations.Count} operations with JSON bodies; answers by status: {string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}"))}; {seen.Count} (operation, status) pairs");
    }

    private static string Text(JsonNode? body) => body?.ToJsonString() ?? "null";

    private string Address(string template, int address, int pick)
    {
        var builder = new StringBuilder();
        var at = 0;
        foreach (var segment in template.Split('/'))
        {
            if (at++ > 0)
            {
                builder.Append('/');
            }

            if (!segment.StartsWith('{'))
            {
                builder.Append(segment);
                continue;
            }

            var name = segment.Trim('{', '}').ToLowerInvariant();
            // Mostly something that exists, sometimes something that does not or cannot.
            var real = name switch
            {
                _ when name.Contains("cycle", StringComparison.Ordinal) => ids["cycle"],
                "personid" or "employeeid" => "E025",
                "step" => "prepare",
                "key" => template.Contains("/templates/", StringComparison.Ordinal) ? "idp"
                    : template.Contains("/processes/", StringComparison.Ordinal) ? "feedback-log"
                    : template.Contains("/notifications/", StringComparison.Ordinal) ? "task.assigned"
                    : template.Contains("/reports/", StringComparison.Ordinal) ? "history" : "contract-value",
                "id" when template.StartsWith("/api/tasks", StringComparison.Ordinal) => ids["task"],
                "id" when template.StartsWith("/api/instances", StringComparison.Ordinal) => ids["instance"],
                _ => "x",
            };
            string[] others = ["x", "0", "-1", "%20", "..", "%E8%AF%84", "a%2Fb", new string('k', 300), "E025", "null"];
            builder.Append(address < 7 ? real : others[pick % others.Length]);
        }

        return builder.ToString();
    }

    /// <summary>A JSON value for <paramref name="schema"/>: mostly of the type it asks for, sometimes of another.</summary>
    private Gen<JsonNode?> Body(JsonNode? schema, int depth)
    {
        schema = Resolve(schema);
        var any = Any(depth);
        if (schema is not JsonObject s || depth < 0)
        {
            return any;
        }

        var choices = new List<(int, IGen<JsonNode?>)> { (1, any) };
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (s[key] is JsonArray alternatives && alternatives.Count > 0)
            {
                choices.Add((6, Gen.OneOf([.. alternatives.Select(a => Body(a, depth))])));
            }
        }

        if (s["enum"] is JsonArray values && values.Count > 0)
        {
            choices.Add((8, Gen.OneOf<JsonNode?>([.. values.Select(v => v?.DeepClone())]).Select(v => v?.DeepClone())));
        }

        var types = s["type"] switch
        {
            JsonArray list => list.Select(t => (string?)t).OfType<string>().ToList(),
            JsonValue one => [(string)one!],
            _ => s["properties"] is not null ? ["object"] : [],
        };
        foreach (var type in types)
        {
            choices.Add((8, type switch
            {
                "object" => Object(s, depth),
                "array" => Body(s["items"], depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items])),
                "string" => String((string?)s["format"]),
                "integer" => Gen.OneOf(Gen.Int[-3, 100], Gen.Int).Select(i => (JsonNode?)JsonValue.Create(i)),
                "number" => Gen.OneOf(Gen.Double[-1e6, 1e6], Gen.OneOf<double>(0, 1, 0.5, -1, 1e300)).Select(d => (JsonNode?)JsonValue.Create(d)),
                "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
                _ => Null,
            }));
        }

        return Gen.Frequency([.. choices]);
    }

    private Gen<JsonNode?> Object(JsonObject schema, int depth)
    {
        var properties = schema["properties"]?.AsObject().Select(p => (p.Key, p.Value)).ToList() ?? [];
        var required = schema["required"]?.AsArray().Select(r => (string?)r).ToHashSet(StringComparer.Ordinal) ?? [];
        var members = properties.Select(p => Gen.Select(
                Gen.Int[0, 9],
                Body(p.Value, depth - 1),
                (roll, value) => (p.Key, Keep: required.Contains(p.Key) ? roll > 0 : roll > 3, Value: value)))
            .ToArray();
        var extra = Gen.Select(Gen.OneOf(Gen.OneOf<string>("unknown", "__proto__", "$ref", "id", ""), Gen.String[1, 6]), Any(0)).Array[0, 1];
        var all = Gen.Const(new List<(string Key, bool Keep, JsonNode? Value)>());
        foreach (var member in members)
        {
            all = Gen.Select(all, member, (list, m) => new List<(string Key, bool Keep, JsonNode? Value)>(list) { m });
        }

        return Gen.Select(all, extra, (kept, more) =>
        {
            var o = new JsonObject();
            foreach (var (key, keep, value) in kept.Where(m => m.Keep))
            {
                o[key] = value;
            }

            foreach (var (key, value) in more.Where(m => !o.ContainsKey(m.Item1)))
            {
                o[key] = value;
            }

            return (JsonNode?)o;
        });
    }

    private static readonly Gen<JsonNode?> Null = Gen.Bool.Select(_ => (JsonNode?)null);

    private static Gen<JsonNode?> String(string? format) => (format switch
    {
        "date-time" => Gen.OneOf(
            Gen.Int[-400, 400].Select(days => ApiHost.Start.AddDays(days).ToString("o", CultureInfo.InvariantCulture)),
            Gen.OneOf<string>("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-12-01", "yesterday", "")),
        "date" => Gen.OneOf<string>("2026-12-01", "2027-02-29", "0001-01-01", "9999-12-31", "12/01/2026", ""),
        _ => Gen.OneOf(
            Gen.OneOf<string>("E025", "E004", "E999", "D210", "idp", "annual-review", "feedback-log", "prepare", "/period", "2026-W40", "2026-Q4", "zh-CN", "en", "daily", "01:00", "P1D", "", " ", "评价"),
            Gen.String[0, 12],
            Gen.Int[1, 5000].Select(n => new string('长', n))),
    }).Select(s => (JsonNode?)JsonValue.Create(s));

    private static Gen<JsonNode?> Any(int depth)
    {
        var scalar = Gen.OneOf(
            Null,
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.String[0, 8].Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth <= 0)
        {
            return scalar;
        }

        return Gen.OneOf(scalar, Any(depth - 1).Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a])), Gen.Select(Gen.String[0, 5], Any(depth - 1)).Array[0, 3].Select(m =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in m.DistinctBy(x => x.Item1))
            {
                o[k] = v;
            }

            return (JsonNode?)o;
        }));
    }

    private JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is JsonValue reference; i++)
        {
            var name = ((string)reference!).Split('/')[^1];
            schema = components[name];
        }

        return schema;
    }

    private async Task<HttpClient> SignedIn(string personId)
    {
        var client = host!.CreateClient();
        client.Timeout = FuzzRun.HangBound;
        using var response = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId });
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
