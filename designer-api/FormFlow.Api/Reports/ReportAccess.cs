using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Storage;

namespace FormFlow.Api.Reports;

/// <summary>
/// Who may read which report about whom — one rule per report, for the reports themselves and for an author's preview
/// of a report template against real data (the preview shows the same data, so it asks the same question).
/// </summary>
internal static class ReportAccess
{
    /// <summary>Whether <paramref name="viewerId"/> may read report <paramref name="key"/> about <paramref name="subjectId"/> (a cycle, an employee or a manager).</summary>
    public static async Task<bool> MayReadAsync(Database database, string viewerId, string key, string subjectId, CancellationToken cancellationToken) => key switch
    {
        // The HRBP managing the cycle, or an administrator.
        "cycle-progress" => await CycleOperations.AccessAsync(database, viewerId, subjectId, cancellationToken) == CycleAccess.Manage,

        // About an employee for the people preparing their interview: never the employee.
        "pre-interview" => subjectId != viewerId
            && (await Oversight.RelationAsync(database, viewerId, subjectId, cancellationToken)
                & (SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Hrbp | SubjectRelation.Admin)) != 0,

        "follow-up" => await FollowUpAllowedAsync(database, viewerId, subjectId, cancellationToken),

        // One's own history, or, for an administrator or the HRBP of the person, theirs.
        "history" => subjectId == viewerId
            || (await Oversight.RelationAsync(database, viewerId, subjectId, cancellationToken) & (SubjectRelation.Hrbp | SubjectRelation.Admin)) != 0,
        _ => false,
    };

    // The report lists the plans of the manager's direct reports: an HRBP may read it only when they are the HRBP of
    // every one of them (a report may sit in a department the HRBP does not cover), an administrator always.
    private static async Task<bool> FollowUpAllowedAsync(Database database, string viewerId, string managerId, CancellationToken cancellationToken)
    {
        if (managerId == viewerId)
        {
            return true;
        }

        var relation = await Oversight.RelationAsync(database, viewerId, managerId, cancellationToken);
        if ((relation & SubjectRelation.Admin) != 0)
        {
            return true;
        }

        if ((relation & SubjectRelation.Hrbp) == 0)
        {
            return false;
        }

        foreach (var report in await OrganisationDirectory.DirectReportsAsync(database, managerId, cancellationToken))
        {
            if ((await Oversight.RelationAsync(database, viewerId, report, cancellationToken) & SubjectRelation.Hrbp) == 0)
            {
                return false;
            }
        }

        return true;
    }

}
