using System.Net;

namespace FormFlow.Api.Tests;

/// <summary>Every error is Problem Details in the caller's language; a request body is strict JSON within the size limit.</summary>
public sealed class ContractTests(string kind) : ApiTest(kind)
{
    private const string SignIn = "/api/auth/dev-sign-in";

    private static IEnumerable<TestCaseData> BadBodies()
    {
        yield return new TestCaseData("{\"personId\": ", "", "json.syntax").SetName("Malformed_JSON_is_400_naming_where_it_breaks");
        yield return new TestCaseData("{\"personId\": \"E004\", \"personId\": \"E005\"}", "", "json.duplicate-key").SetName("A_member_twice_is_400_as_the_document_reader_refuses_it");
        yield return new TestCaseData("{\"personId\": \"E004\", // me\n}", "", "json.syntax").SetName("A_comment_in_a_body_is_400_as_the_document_reader_refuses_it");
        yield return new TestCaseData("{\"personId\": " + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + "}", "", "json.too-deep").SetName("A_body_nested_too_deep_is_400_with_its_own_code");
        yield return new TestCaseData("{\"personId\": 42}", "/personId", "json.wrong-type").SetName("A_wrong_type_is_400_naming_the_field");
        yield return new TestCaseData("{\"personId\": \"E004\", \"password\": \"x\"}", "/password", "json.unknown-member").SetName("An_unknown_member_is_400_naming_the_field");
        yield return new TestCaseData("{}", "/personId", "json.required").SetName("A_missing_member_is_400_naming_the_field");
        yield return new TestCaseData("{\"personId\": null}", "/personId", "json.null").SetName("A_null_member_is_400_naming_the_field");
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Bad_bodies_are_refused_with_the_field_and_a_message_in_each_language(string body, string pointer, string code)
    {
        var messages = new Dictionary<string, string>();
        foreach (var language in new[] { "zh-CN", "en-US,en;q=0.9" })
        {
            using var client = Anonymous();
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            using var response = await client.PostAsync(SignIn, Json(body));
            var problem = await Problem(response, 400);
            var error = problem["errors"]?[pointer]?[0];
            Assert.That(error, Is.Not.Null, problem.ToJsonString());
            Assert.That((string?)error!["code"], Is.EqualTo(code));
            messages[language] = (string)error["message"]!;
            Assert.That(response.Content.Headers.ContentLanguage, Is.EqualTo(new[] { language.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en" }));
        }

        Assert.Multiple(() =>
        {
            Assert.That(messages["zh-CN"], Does.Match(@"\p{IsCJKUnifiedIdeographs}"), "the Chinese message is Chinese");
            Assert.That(messages["en-US,en;q=0.9"], Does.Not.Match(@"\p{IsCJKUnifiedIdeographs}"), "the English message is English");
        });
    }

    [Test]
    public async Task A_body_with_bytes_that_are_no_utf8_is_400_not_saved_with_replacement_characters()
    {
        using var client = Anonymous();
        var body = "{\"personId\": \"E0"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(SignIn, content);

        var problem = await Problem(response, 400);
        Assert.That((string?)problem["errors"]?[""]?[0]?["code"], Is.EqualTo("json.invalid-utf8"), problem.ToJsonString());
    }

    [Test]
    public async Task An_address_over_8192_characters_is_414_problem_details()
    {
        using var client = Anonymous();

        using var response = await client.GetAsync("/api/people/" + new string('a', 9000));

        var problem = await Problem(response, 414);
        Assert.That((string?)problem["code"], Is.EqualTo("request.uri-too-long"));
    }

    [Test]
    public async Task Headers_over_32_kilobytes_are_431_problem_details()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Padding", new string('a', 33 * 1024));

        using var response = await client.GetAsync("/api/me");

        var problem = await Problem(response, 431);
        Assert.That((string?)problem["code"], Is.EqualTo("request.headers-too-large"));
    }

    [Test]
    public async Task Without_accept_language_problems_are_in_chinese()
    {
        using var client = Anonymous();
        using var response = await client.GetAsync("/api/me");
        var problem = await Problem(response, 401);
        Assert.That((string?)problem["title"], Is.EqualTo("需要登录"));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413()
    {
        using var client = Anonymous();
        using var response = await client.PostAsync(SignIn, Json("{\"personId\": \"" + new string('x', 5000) + "\"}"));
        var problem = await Problem(response, 413);
        Assert.That((string?)problem["code"], Is.EqualTo("request.too-large"));
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        using var client = Anonymous();
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"personId\": \"" + new string('x', 5000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, SignIn) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        await Problem(response, 413);
    }

    [Test]
    public async Task Without_a_token_an_oversized_chunked_body_is_refused_as_unauthorised_before_it_is_read()
    {
        using var client = Anonymous();
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 5000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cycles") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await Problem(response, 401);
    }

    [Test]
    public async Task A_chunked_body_within_the_limit_is_read()
    {
        using var client = Anonymous();
        using var content = new StreamContent(new MemoryStream("{\"personId\": \"E004\"}"u8.ToArray()));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, SignIn) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var client = Anonymous();
        using var response = await client.PostAsync(SignIn, new StringContent("personId=E004", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await Problem(response, 415);
    }

    [Test]
    public async Task A_method_an_address_does_not_take_is_405()
    {
        using var client = await SignedIn("E004");
        using var response = await client.DeleteAsync("/api/me");
        await Problem(response, 405);
    }

    [Test]
    public async Task An_unknown_address_is_404()
    {
        using var anonymous = Anonymous();
        using var signedIn = await SignedIn("E004");
        using var first = await anonymous.GetAsync("/api/no-such-thing");
        using var second = await signedIn.GetAsync("/api/no-such-thing");
        await Problem(first, 404);
        await Problem(second, 404);
    }
}
