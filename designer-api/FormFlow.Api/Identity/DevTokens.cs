using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FormFlow.Api.Identity;

/// <summary>Issues the short-lived tokens of the development sign-in, signed with the development key.</summary>
internal sealed class DevTokens(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public (string Token, DateTimeOffset ExpiresAt) Issue(string personId)
    {
        var identity = options.Value;
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(identity.DevSignIn.TokenMinutes);
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = identity.Issuer,
            Audience = identity.Audience,
            Subject = new ClaimsIdentity([new Claim(identity.PersonClaim, personId)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(identity.DevSignIn.SigningKey!), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>
    /// The development sign-in key appsettings.Development.json ships: public, since it is in the repository, so a
    /// production host refuses to start with it among the keys it accepts.
    /// </summary>
    public const string RepositoryKey = "REVWRUxPUE1FTlQgT05MWSAtIEZvcm1GbG93IGRlbW8gc2lnbmluZyBrZXkgLSBuZXZlciB1c2UgaW4gcHJvZHVjdGlvbg==";

    public static SymmetricSecurityKey Key(string base64) => new(Convert.FromBase64String(base64)) { KeyId = KeyIdOf(base64) };

    /// <summary>Whether a configured key is base64 of at least 32 bytes (HMAC-SHA256 needs 256 bits).</summary>
    public static bool IsUsable(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written >= 32;
    }

    // A key id lets the validator pick the key without trying each; derived from the key so it needs no configuration.
    private static string KeyIdOf(string base64) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(base64)))[..16];
}
