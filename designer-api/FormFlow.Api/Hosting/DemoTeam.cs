using FormFlow.Organisation;
using FormFlow.Storage;

namespace FormFlow.Api.Hosting;

/// <summary>
/// People of the stored organisation who can try a review cycle together: an HRBP, a manager in a department that
/// HRBP looks after (so the HRBP may launch a cycle for it), and two of that manager's direct reports in the same
/// department (so the cycle reaches them and their tasks go to that manager).
/// </summary>
internal sealed record DemoTeam(PersonProfile Hrbp, PersonProfile Manager, IReadOnlyList<PersonProfile> Reports)
{
    /// <summary>The first such team by id — HRBP first, then manager; null when the organisation has none.</summary>
    public static async Task<DemoTeam?> FindAsync(Database database, IReadOnlyList<PersonProfile> people, CancellationToken cancellationToken)
    {
        // Decided in memory before any question to the database: a manager needs two plain employees beside them.
        var teams = people
            .Where(m => m.HasRole(Role.Manager) && m.DepartmentId is not null)
            .Select(m => (Manager: m, Reports: people.Where(p => p.ManagerId == m.Id && p.DepartmentId == m.DepartmentId && p.Roles is [Role.Employee]).Take(2).ToList()))
            .Where(t => t.Reports.Count == 2)
            .ToList();
        foreach (var hrbp in people.Where(p => p.HasRole(Role.Hrbp) && p.HrbpOf.Count > 0))
        {
            foreach (var (manager, reports) in teams.Where(t => t.Manager.Id != hrbp.Id))
            {
                var relation = await Oversight.RelationAsync(database, hrbp.Id, manager.Id, cancellationToken);
                if (relation.HasFlag(SubjectRelation.Hrbp))
                {
                    return new DemoTeam(hrbp, manager, reports);
                }
            }
        }

        return null;
    }
}
