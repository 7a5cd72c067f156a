namespace FormFlow.Api.Identity;

/// <summary>
/// <c>FormFlow:Identity</c>: which bearer tokens FormFlow accepts. Either an <see cref="Authority"/> (OpenID Connect
/// discovery finds its keys) or symmetric <see cref="SigningKeys"/>; tokens must carry <see cref="Issuer"/> and
/// <see cref="Audience"/>, and <see cref="PersonClaim"/> names the person (their id in the organisation).
/// </summary>
internal sealed class IdentityOptions
{
    public const string Section = "FormFlow:Identity";

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>Symmetric keys (base64) that sign accepted tokens; several while a key is being rotated.</summary>
    public IList<string> SigningKeys { get; } = [];

    /// <summary>The identity provider's address for OpenID Connect discovery (its signing keys).</summary>
    public string? Authority { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public string PersonClaim { get; set; } = "sub";

    /// <summary>
    /// The longest a token may still be valid for, in hours: a token that expires later is refused, so that a leaked
    /// token made to last (a hundred years) is worth no more than an ordinary one.
    /// </summary>
    public int MaxTokenHours { get; set; } = 24;

    public DevSignInOptions DevSignIn { get; set; } = new();

    public WebSignInOptions Web { get; set; } = new();
}

/// <summary>
/// <c>FormFlow:Identity:Web</c>: how the web pages sign people in with the identity provider at
/// <see cref="IdentityOptions.Authority"/> — OpenID Connect authorization code with PKCE, as a public client. On when
/// both the Authority and <see cref="ClientId"/> are set.
/// </summary>
internal sealed class WebSignInOptions
{
    /// <summary>The client id the provider knows the web pages by (a public client: no secret).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The scopes asked for: <c>offline_access</c> brings a refresh token, and the provider must put FormFlow's
    /// <see cref="IdentityOptions.Audience"/> into the access token (often through a scope of its own, added here).
    /// </summary>
    public string Scope { get; set; } = "openid profile offline_access";
}

/// <summary><c>FormFlow:Identity:DevSignIn</c>: a sign-in by person id without a password, for demos and development only.</summary>
internal sealed class DevSignInOptions
{
    public bool Enabled { get; set; }

    /// <summary>The symmetric key (base64, at least 32 bytes) that signs development tokens; accepted only while enabled.</summary>
    public string? SigningKey { get; set; }

    public int TokenMinutes { get; set; } = 60;

    /// <summary>Sign-ins per minute from one client address.</summary>
    public int PermitPerMinute { get; set; } = 10;
}
