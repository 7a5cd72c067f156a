using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FormFlow.Api.Tests;

/// <summary>
/// Tokens made by an attacker (IdentityTests holds the plain cases: another issuer or audience, a bad signature,
/// expired, too long-lived): unsigned, signed with what is not the key, with the key the token itself carries, with
/// the algorithm swapped between HMAC and RSA, not yet valid, expired past the minute of clock skew, and huge. Each is
/// 401 Problem Details <c>auth.invalid-token</c> that repeats nothing of the token: not the person it names, nor the
/// claims, nor the library's messages. The host here also trusts an RSA key, as it does an identity provider's.
/// </summary>
public sealed class ForgedTokenTests(string kind) : ApiTest(kind)
{
    private const string Person = "E004";

    // The identity provider's key pair: the host trusts its public half.
    private readonly RSA provider = RSA.Create(2048);

    private ApiHost? rsaBase;
    private WebApplicationFactory<Program>? rsaHost;

    // The clock the host below runs on (its base's).
    private FakeTimeProvider Clock => (rsaBase ??= new ApiHost(Database)).Clock;

    private WebApplicationFactory<Program> RsaHost => rsaHost ??= (rsaBase ??= new ApiHost(Database)).WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            jwt.TokenValidationParameters.IssuerSigningKeys = [.. jwt.TokenValidationParameters.IssuerSigningKeys, new RsaSecurityKey(provider.ExportParameters(false)) { KeyId = "provider-1" }])));

    [OneTimeTearDown]
    public void StopRsaHost()
    {
        rsaHost?.Dispose();
        rsaBase?.Dispose();
        provider.Dispose();
    }

    /// <summary>The forgeries, by name: each made from the host's clock.</summary>
    private static IEnumerable<TestCaseData> Forgeries()
    {
        foreach (var name in new[]
        {
            "alg none, no signature", "alg none, a valid token's signature", "alg NoNe", "alg HS256 without a signature",
            "HS256 signed with the key's base64 text", "HS256 signed with an empty key", "HS512 signed with another key",
            "HS256 signed with the RSA public key (alg confusion)", "HS256 signed with the RSA public key's PEM (alg confusion)",
            "RS256 signed with another key under the provider's kid", "RS256 signed with the key in its own jwk header",
            "a valid token's payload swapped for another person's", "not valid for another 10 minutes", "expired 2 minutes ago",
            "issued for another audience among several", "without an expiry",
            "a 20 KB claim, signed with another key", "a 20 KB header, unsigned", "not a token at all", "three dots and nothing",
        })
        {
            yield return new TestCaseData(name).SetArgDisplayNames(name);
        }
    }

    [TestCaseSource(nameof(Forgeries))]
    public async Task A_forged_token_is_401_problem_details_that_repeats_nothing_of_it(string forgery)
    {
        var token = Forge(forgery);
        using var client = RsaHost.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem(response, 401);
        var told = text + response.Headers.WwwAuthenticate;
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("auth.invalid-token"), forgery);
            Assert.That(told, Does.Not.Contain(Person).And.Not.Contain("赵敏").And.Not.Contain("IDX").And.Not.Contain("Exception").And.Not.Contain("forged-claim"), forgery);
            Assert.That(token.Split('.').Where(p => p.Length > 8).Select(p => p[..8]).Where(p => told.Contains(p, StringComparison.Ordinal)), Is.Empty, "the token is not echoed");
        });
    }

    [Test]
    public async Task The_providers_own_rs256_token_is_accepted_so_the_forgeries_are_refused_for_what_they_forge()
    {
        using var client = RsaHost.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sign(Payload(), new SigningCredentials(new RsaSecurityKey(provider) { KeyId = "provider-1" }, SecurityAlgorithms.RsaSha256)));

        using var response = await client.GetAsync("/api/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private string Forge(string forgery)
    {
        var devKey = new SymmetricSecurityKey(Convert.FromBase64String(ApiHost.DevKey));
        var hs256 = new SigningCredentials(devKey, SecurityAlgorithms.HmacSha256);
        var valid = Sign(Payload(), hs256);
        var now = Clock.GetUtcNow();
        return forgery switch
        {
            "alg none, no signature" => Raw(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, Payload(), ""),
            "alg none, a valid token's signature" => Raw(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, Payload(), valid.Split('.')[2]),
            "alg NoNe" => Raw(new JsonObject { ["alg"] = "NoNe" }, Payload(), ""),
            "alg HS256 without a signature" => Raw(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, Payload(), ""),
            "HS256 signed with the key's base64 text" => Sign(Payload(), new SigningCredentials(new SymmetricSecurityKey(Encoding.ASCII.GetBytes(ApiHost.DevKey)), SecurityAlgorithms.HmacSha256)),
            "HS256 signed with an empty key" => Hmac(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, Payload(), []),
            "HS512 signed with another key" => Sign(Payload(), new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), SecurityAlgorithms.HmacSha512)),
            "HS256 signed with the RSA public key (alg confusion)" => Hmac(new JsonObject { ["alg"] = "HS256", ["kid"] = "provider-1" }, Payload(), provider.ExportRSAPublicKey()),
            "HS256 signed with the RSA public key's PEM (alg confusion)" => Hmac(new JsonObject { ["alg"] = "HS256", ["kid"] = "provider-1" }, Payload(), Encoding.ASCII.GetBytes(provider.ExportSubjectPublicKeyInfoPem())),
            "RS256 signed with another key under the provider's kid" => Sign(Payload(), new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "provider-1" }, SecurityAlgorithms.RsaSha256)),
            "RS256 signed with the key in its own jwk header" => EmbeddedJwk(),
            "a valid token's payload swapped for another person's" => $"{valid.Split('.')[0]}.{Base64UrlEncoder.Encode(Payload("E002").ToJsonString())}.{valid.Split('.')[2]}",
            "not valid for another 10 minutes" => Sign(Payload(start: now.AddMinutes(10)), hs256),
            "expired 2 minutes ago" => Sign(Payload(start: now.AddMinutes(-62)), hs256),
            "issued for another audience among several" => Sign(Payload(audience: new JsonArray("someone-else", "another")), hs256),
            "without an expiry" => Sign(Without(Payload(), "exp"), hs256),
            "a 20 KB claim, signed with another key" => Sign(With(Payload(), "forged-claim", new string('x', 20_000)), new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48)), SecurityAlgorithms.HmacSha256)),
            "a 20 KB header, unsigned" => Raw(new JsonObject { ["alg"] = "none", ["forged-claim"] = new string('y', 20_000) }, Payload(), ""),
            "not a token at all" => "forged-claim",
            "three dots and nothing" => "...",
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };
    }

    private JsonObject Payload(string person = Person, DateTimeOffset? start = null, JsonNode? audience = null)
    {
        var from = start ?? Clock.GetUtcNow();
        return new JsonObject
        {
            ["sub"] = person,
            ["iss"] = ApiHost.Issuer,
            ["aud"] = audience ?? ApiHost.Audience,
            ["iat"] = from.ToUnixTimeSeconds(),
            ["nbf"] = from.ToUnixTimeSeconds(),
            ["exp"] = from.AddMinutes(60).ToUnixTimeSeconds(),
        };
    }

    private static JsonObject With(JsonObject payload, string name, string value)
    {
        payload[name] = value;
        return payload;
    }

    private static JsonObject Without(JsonObject payload, string name)
    {
        payload.Remove(name);
        return payload;
    }

    private static string Sign(JsonObject payload, SigningCredentials credentials) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload.ToJsonString(), credentials);

    private static string Raw(JsonObject header, JsonObject payload, string signature) =>
        $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{signature}";

    private static string Hmac(JsonObject header, JsonObject payload, byte[] key)
    {
        var signed = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}";
        return signed + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));
    }

    // The token carries its own public key (RFC 7515's jwk header): a validator that trusted it would trust anyone.
    private string EmbeddedJwk()
    {
        using var attacker = RSA.Create(2048);
        var parameters = attacker.ExportParameters(false);
        var header = new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!) },
        };
        var signed = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(Payload().ToJsonString())}";
        return signed + "." + Base64UrlEncoder.Encode(attacker.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
