using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FormFlow.Delivery;

namespace FormFlow.Api.Tests;

/// <summary>
/// <c>GET/PUT /api/me/preferences</c>: a person's choice between one mail per notice and a daily digest, kept in the
/// store the outbox's delivery reads, and the language they chose. Each test uses its own person of the demo organisation.
/// </summary>
public sealed class PreferencesApiTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task A_person_who_never_chose_gets_one_mail_per_notice()
    {
        var preferences = await GetJson(await SignedIn("E030"), "/api/me/preferences");

        Assert.That(((string?)preferences["digest"], (string?)preferences["digestTimeUtc"], preferences["updatedAt"]), Is.EqualTo(("none", "00:00", (JsonNode?)null)), preferences.ToJsonString());
    }

    [Test]
    public async Task A_daily_digest_is_kept_where_the_delivery_reads_it_and_read_back()
    {
        var client = await SignedIn("E031");

        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { digest = "daily", digestTimeUtc = "01:30" }), 200, "choosing the digest");
        var read = await GetJson(await SignedIn("E031"), "/api/me/preferences");
        var stored = await MailPreferences.OfAsync(Db, "E031");

        Assert.Multiple(() =>
        {
            Assert.That(((string?)read["digest"], (string?)read["digestTimeUtc"]), Is.EqualTo(("daily", "01:30")), read.ToJsonString());
            Assert.That(read["updatedAt"], Is.Not.Null);
            Assert.That((stored.Digest, stored.DigestMinute), Is.EqualTo(("daily", 90)));
        });
    }

    [Test]
    public async Task Going_back_to_one_mail_per_notice_keeps_the_digest_time_for_next_time()
    {
        var client = await SignedIn("E032");
        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { digest = "daily", digestTimeUtc = "23:59" }), 200);

        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { digest = "none" }), 200);
        var read = await GetJson(client, "/api/me/preferences");

        Assert.That(((string?)read["digest"], (string?)read["digestTimeUtc"]), Is.EqualTo(("none", "23:59")), read.ToJsonString());
    }

    [TestCase("{\"digest\":\"weekly\",\"digestTimeUtc\":\"09:00\"}", "/digest", "preferences.digest")]
    [TestCase("{\"digest\":\"daily\"}", "/digestTimeUtc", "preferences.digest-time-required")]
    [TestCase("{\"digest\":\"daily\",\"digestTimeUtc\":\"24:00\"}", "/digestTimeUtc", "preferences.digest-time")]
    [TestCase("{\"digest\":\"daily\",\"digestTimeUtc\":\"9:00\"}", "/digestTimeUtc", "preferences.digest-time")]
    [TestCase("{\"digestTimeUtc\":\"09:00\"}", "/digest", "preferences.digest-required")]
    [TestCase("{}", "/digest", "preferences.nothing")]
    [TestCase("{\"language\":\"fr\"}", "/language", "preferences.language")]
    [TestCase("{\"language\":\"zh-TW\"}", "/language", "preferences.language")]
    [TestCase("{\"digest\":\"daily\",\"digestTimeUtc\":\"09:00\",\"channel\":\"sms\"}", "/channel", "json.unknown-member")]
    public async Task A_bad_preference_is_400_naming_the_field_and_changes_nothing(string body, string field, string code)
    {
        var client = await SignedIn("E034");
        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { digest = "daily", digestTimeUtc = "02:00" }), 200);

        using var response = await client.PutAsync("/api/me/preferences", Json(body));
        var problem = await Problem(response, 400);
        var read = await GetJson(client, "/api/me/preferences");

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]?[field]?.AsArray().Select(e => (string?)e!["code"]), Does.Contain(code), problem.ToJsonString());
            Assert.That(((string?)read["digest"], (string?)read["digestTimeUtc"]), Is.EqualTo(("daily", "02:00")), "nothing changed");
        });
    }

    [Test]
    public async Task A_problem_is_in_the_callers_language()
    {
        var client = await SignedIn("E034");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/me/preferences") { Content = Json("{\"digest\":\"daily\"}") };
        request.Headers.AcceptLanguage.ParseAdd("en");

        using var response = await client.SendAsync(request);
        var problem = await Problem(response, 400);

        Assert.That((string?)problem["errors"]!["/digestTimeUtc"]![0]!["message"], Is.EqualTo("A daily digest needs its time, digestTimeUtc (HH:mm, UTC)."));
    }

    [Test]
    public async Task Setting_ones_preferences_changes_nobody_elses()
    {
        await Expect(await (await SignedIn("E035")).PutAsJsonAsync("/api/me/preferences", new { digest = "daily", digestTimeUtc = "03:00" }), 200);

        var other = await GetJson(await SignedIn("E036"), "/api/me/preferences");

        Assert.That((string?)other["digest"], Is.EqualTo("none"));
    }

    [Test]
    public async Task A_chosen_language_is_kept_for_the_person_over_the_organisations_and_leaves_the_digest_alone()
    {
        // 吴静 (E021): Chinese in the organisation file.
        var client = await SignedIn("E021");
        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { digest = "daily", digestTimeUtc = "08:15" }), 200, "choosing the digest");
        var before = await MailPreferences.OfAsync(Db, "E021");

        using var chosen = await client.PutAsJsonAsync("/api/me/preferences", new { language = "en" });
        var answer = await chosen.Content.ReadFromJsonAsync<JsonObject>();
        var elsewhere = await SignedIn("E021");
        var me = await GetJson(elsewhere, "/api/me");
        var read = await GetJson(elsewhere, "/api/me/preferences");
        var stored = await MailPreferences.OfAsync(Db, "E021");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(chosen.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), answer?.ToJsonString());
            Assert.That(((string?)answer!["language"], (string?)answer["locale"]), Is.EqualTo(("en", "en")));
            Assert.That((string?)me["locale"], Is.EqualTo("en"), "another sign-in (another device) gets it");
            Assert.That(((string?)read["language"], (string?)read["digest"], (string?)read["digestTimeUtc"]), Is.EqualTo(("en", "daily", "08:15")), read.ToJsonString());
            Assert.That(stored.UpdatedAt, Is.EqualTo(before.UpdatedAt), "the digest's clock is not reset by a language");

            // Notifications and digests take the person's locale from the organisation's store: the chosen one now.
            Assert.That((await FormFlow.Organisation.OrganisationDirectory.FindPersonAsync(Db, "E021"))!.Locale, Is.EqualTo("en"));
        });
    }

    [Test]
    public async Task A_person_who_never_chose_a_language_speaks_the_organisations()
    {
        // 陈思远 (E024): English in the organisation file.
        var preferences = await GetJson(await SignedIn("E024"), "/api/me/preferences");

        Assert.That(((string?)preferences["language"], (string?)preferences["locale"]), Is.EqualTo(((string?)null, "en")), preferences.ToJsonString());
    }

    [Test]
    public async Task Choosing_only_a_language_gives_one_mail_per_notice_as_before()
    {
        var client = await SignedIn("E026");
        await Expect(await client.PutAsJsonAsync("/api/me/preferences", new { language = "en" }), 200);
        var read = await GetJson(client, "/api/me/preferences");

        Assert.That(((string?)read["digest"], (string?)read["language"]), Is.EqualTo(("none", "en")), read.ToJsonString());
    }
}
