using System.Security.Claims;
using FormFlow.Organisation;
using FormFlow.Storage;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Identity;

/// <summary>
/// The person a request acts as: the organisation's person named by the token's person claim, with their roles, looked
/// up once per request. An endpoint that requires authorisation (every /api endpoint but sign-in) always has one.
/// </summary>
internal sealed class CurrentPerson(Database database, IOptions<IdentityOptions> options)
{
    private PersonProfile? profile;
    private bool resolved;

    /// <summary>The signed-in person; throws when the endpoint let an unknown caller through.</summary>
    public PersonProfile Profile => profile ?? throw new InvalidOperationException("no signed-in person: this endpoint must require authorisation");

    public string Id => Profile.Id;

    public bool HasRole(string role) => Profile.HasRole(role);

    /// <summary>Looks the token's person up in the organisation (once per request); null when it names nobody.</summary>
    public async ValueTask<PersonProfile?> ResolveAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!resolved)
        {
            var id = user.FindFirst(options.Value.PersonClaim)?.Value;
            profile = string.IsNullOrEmpty(id) ? null : await OrganisationDirectory.FindPersonAsync(database, id, cancellationToken);
            resolved = true;
        }

        return profile;
    }
}
