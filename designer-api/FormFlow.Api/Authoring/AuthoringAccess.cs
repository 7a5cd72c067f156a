using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Authoring;
using FormFlow.Organisation;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Authoring;

/// <summary>
/// Who may author what (DOMAIN.md: HRBPs author templates and assemble processes; department heads define the approval
/// flows of their departments): admins and HRBPs author every kind and import apps; a person who heads a department
/// may draft, lint and preview processes, which an admin or HRBP publishes (processes are not yet owned by a
/// department, so a head publishing one would change it for every department). Everyone else is refused with 403.
/// </summary>
internal static class AuthoringAccess
{
    public static bool MayAuthorEverything(PersonProfile person) => person.HasRole(Role.Admin) || person.HasRole(Role.Hrbp);

    public static bool MayAuthor(PersonProfile person, DefinitionKind kind, bool publish = false) =>
        MayAuthorEverything(person) || (kind == DefinitionKind.Process && !publish && person.HeadOf.Count > 0);

    /// <summary>403 when the caller may not do this; null when they may.</summary>
    public static ProblemHttpResult? Refuse(HttpContext context, CurrentPerson me, DefinitionKind kind, bool publish = false) =>
        MayAuthor(me.Profile, kind, publish) ? null : Forbidden(context);

    public static ProblemHttpResult Forbidden(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "authoring.forbidden", new LocalizedText(
            "只有管理员和 HRBP 可以编写并发布模板、流程、通知与报表；部门负责人可以起草流程。",
            "Only admins and HRBPs author and publish templates, processes, notifications and reports; department heads may draft processes."));
}
