using FormFlow.Api.Identity;

namespace FormFlow.Api.Web;

/// <summary>
/// The Content-Security-Policy of the pages: scripts and everything else from this host only; styles may also be
/// inline (Ant Design writes its styles into the page at run time); requests to this host and, when the pages sign in
/// with OpenID Connect, to the identity provider (its discovery document and token endpoint); no frames, no plugins.
/// Nothing is evaluated from strings: no <c>'unsafe-eval'</c>.
/// </summary>
internal static class ContentSecurity
{
    public static string ForPages(IdentityOptions identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var connect = "'self'";
        if (!string.IsNullOrWhiteSpace(identity.Authority) && !string.IsNullOrWhiteSpace(identity.Web.ClientId)
            && Uri.TryCreate(identity.Authority, UriKind.Absolute, out var authority))
        {
            connect += " " + authority.GetLeftPart(UriPartial.Authority);
        }

        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src {connect}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>The API reference: its scripts carry this response's nonce; it reads the OpenAPI document from this host.</summary>
    public static string ForReference(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
