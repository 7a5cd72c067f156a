using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Authoring;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Authoring;

/// <summary>
/// Who may author what (DOMAIN.md: HRBPs author templates and assemble processes; department heads define the approval
/// flows of their departments). Templates, notification and report templates, indicators of the library, imports and the export with drafts:
/// admins and HRBPs. Processes: the engine's one rule, <see cref="ProcessRights"/> — a process owned by a department
/// (its <c>ownerDepartment</c>) is drafted and published by that department's heads and HRBPs (and those of the
/// departments above it), a process of the whole organisation by HRBPs; admins author everything. Everyone else is
/// refused with 403 <c>authoring.forbidden</c>, saying why and naming the department. Published definitions are
/// readable by everyone signed in, so a refusal never hides that a process exists.
/// </summary>
internal static class AuthoringAccess
{
    public static bool MayAuthorEverything(PersonProfile person) => person.HasRole(Role.Admin) || person.HasRole(Role.Hrbp);

    /// <summary>
    /// 403 when the caller may not draft (or, with <paramref name="publish"/>, publish) <paramref name="key"/> of this
    /// kind; for a process decided over the owners the key has now and the one <paramref name="body"/> names (a draft
    /// being saved or linted). Null when they may.
    /// </summary>
    public static async Task<ProblemHttpResult?> RefuseAsync(HttpContext context, Database db, CurrentPerson me, DefinitionKind kind, string key, string? body = null, bool publish = false, CancellationToken ct = default)
    {
        if (kind != DefinitionKind.Process)
        {
            return MayAuthorEverything(me.Profile) ? null : Forbidden(context);
        }

        var decision = await ProcessRights.MayAuthorAsync(db, me.Id, publish ? ProcessAction.Publish : ProcessAction.Draft, key, body, ct);
        return decision.Allowed ? null : Forbidden(context, decision.Reason);
    }

    public static ProblemHttpResult Forbidden(HttpContext context, LocalizedText? reason = null) =>
        ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "authoring.forbidden", reason ?? new LocalizedText(
            "只有管理员和 HRBP 可以编写并发布模板、通知与报表、指标库，导入应用；部门负责人可以编写并发布本部门的流程。",
            "Only admins and HRBPs author and publish templates, notifications, reports and the indicator library and import apps; department heads author and publish the processes of their own departments."));
}
