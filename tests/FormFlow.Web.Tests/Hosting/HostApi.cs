using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;

namespace FormFlow.Web.Tests;

/// <summary>
/// The host's API as another application calls it: a development sign-in for a person, then requests with their token,
/// each expected to succeed.
/// </summary>
internal sealed class HostApi(string address) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(address) };

    public async Task<string> TokenAsync(string personId)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return (string)JsonNode.Parse(body)!["accessToken"]!;
    }

    public async Task<JsonNode?> SendAsync(string token, HttpMethod method, string url, JsonNode? body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {url}: {text}");
        return text.Length > 0 ? JsonNode.Parse(text) : null;
    }

    /// <summary>The id of the person's only open task (fails when there is not exactly one).</summary>
    public async Task<string> OnlyOpenTaskAsync(string token)
    {
        var inbox = await SendAsync(token, HttpMethod.Get, "/api/tasks?status=open", null);
        var items = inbox!["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(1), inbox.ToJsonString());
        return (string)items[0]!["id"]!;
    }

    /// <summary>
    /// Keeps <paramref name="language"/> as the person's chosen language, as the pages' switch does: a test that starts
    /// from a language does not inherit the choice an earlier test made for the same person on the same host.
    /// </summary>
    public async Task ChooseLanguageAsync(string personId, string language) =>
        await SendAsync(await TokenAsync(personId), HttpMethod.Put, "/api/me/preferences", new JsonObject { ["language"] = language });

    /// <summary>Publishes <see cref="QuickReview"/> as <paramref name="hrbp"/>.</summary>
    public Task PublishQuickReviewAsync(string hrbp) => PublishAsync(hrbp, QuickReview.Definition());

    /// <summary>Publishes a process definition (its <c>key</c> names it) as <paramref name="hrbp"/>.</summary>
    public async Task PublishAsync(string hrbp, JsonObject definition)
    {
        var token = await TokenAsync(hrbp);
        var key = (string)definition["key"]!;
        await SendAsync(token, HttpMethod.Put, $"/api/authoring/processes/{key}/draft", definition);
        await SendAsync(token, HttpMethod.Post, $"/api/authoring/processes/{key}/publish", null);
    }

    /// <summary>Launches a cycle of <paramref name="processKey"/> from <paramref name="startsAt"/> for 60 days, for a population as the API takes it.</summary>
    public async Task LaunchCycleAsync(string token, string cycleId, string processKey, DateTimeOffset startsAt, JsonObject population)
    {
        await SendAsync(token, HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = cycleId,
            ["name"] = cycleId,
            ["processKey"] = processKey,
            ["startsAt"] = startsAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = startsAt.AddDays(60).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["population"] = population,
        });
    }

    /// <summary>The person's open task in a cycle, submitted with <paramref name="data"/> through the API.</summary>
    public async Task SubmitAsync(string personId, string taskId, JsonObject data)
    {
        var token = await TokenAsync(personId);
        await SendAsync(token, HttpMethod.Post, $"/api/tasks/{taskId}/submit", new JsonObject { ["data"] = data });
    }

    public void Dispose() => http.Dispose();
}
