using System.Text.Json;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Authoring;

/// <summary>What a person wants to do with a process.</summary>
public enum ProcessAction
{
    /// <summary>Save, read, lint or delete its draft.</summary>
    Draft,

    /// <summary>Publish its draft as the next version.</summary>
    Publish,

    /// <summary>Launch a cycle of it (or preview that launch) for a population.</summary>
    Launch,
}

/// <summary>The answer of <see cref="ProcessRights"/>: allowed, or refused with why (naming the department) in zh-CN and en.</summary>
public sealed record ProcessDecision(bool Allowed, LocalizedText? Reason = null)
{
    /// <summary>Allowed.</summary>
    public static readonly ProcessDecision Allow = new(true);
}

/// <summary>
/// The one rule of who may draft, publish and launch a process (DOMAIN.md: department heads define the approval flows
/// of their departments). A process is owned by a department (its <c>ownerDepartment</c>) or by none — a process of
/// the whole organisation, such as the shipped samples.
/// <list type="bullet">
/// <item>An administrator: everything.</item>
/// <item>An HRBP: drafts and publishes the processes of the whole organisation (like templates, HR's shared catalogue)
/// and those owned by a department they are the HRBP of, or one below it.</item>
/// <item>A department head: drafts and publishes the processes owned by the department they head or one below it —
/// never one of the whole organisation, nor sets an owner outside that subtree.</item>
/// <item>Launching (and previewing a launch): an HRBP or a head launches a process of the whole organisation, or one
/// owned within their departments, for people within the departments they serve or head (and below); anyone
/// else launches nothing.</item>
/// </list>
/// A change of owner needs the right over both: the owners a key has now (its draft's and its newest published
/// version's) and the one the new draft names. Templates, notification and report templates are not decided here: they
/// stay with administrators and HRBPs, and a head's process may use every published template.
/// </summary>
public static class ProcessRights
{
    /// <summary>The longest department id (as stored: <c>definitions.owner_department</c>).</summary>
    public const int MaxDepartmentId = 64;

    /// <summary>
    /// Whether <paramref name="personId"/> may <paramref name="action"/> (draft or publish) the process <paramref name="key"/>:
    /// decided over every owner the key has now and, for a draft being saved or linted, the owner <paramref name="body"/> names.
    /// </summary>
    public static async Task<ProcessDecision> MayAuthorAsync(Database database, string personId, ProcessAction action, string key, string? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var chart = await ChartAsync(work, [personId]);
        var owners = (await DefinitionStore.CurrentOwnersAsync(work, ProcessCatalog.ProcessKind, key)).ToList();
        if (body is not null)
        {
            owners.Add(OwnerIn(body));
        }

        return Decide(chart, personId, action, key, owners, null);
    }

    /// <summary>
    /// Whether <paramref name="personId"/> may launch the newest version of <paramref name="processKey"/> for
    /// <paramref name="population"/> — or, for a dry run of an unpublished <paramref name="draft"/>, that draft as if
    /// published: decided over the owner the draft names instead.
    /// </summary>
    public static async Task<ProcessDecision> MayLaunchAsync(Database database, string personId, string processKey, string? draft, Population? population, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var chart = await ChartAsync(work, [personId, .. population?.PersonIds ?? []]);

        // A process that is not published is the launch's to report (400), as an unknown department is.
        var owner = draft is not null ? OwnerIn(draft)
            : string.IsNullOrEmpty(processKey) ? null
            : await DefinitionStore.PublishedOwnerAsync(work, ProcessCatalog.ProcessKind, processKey);
        return Decide(chart, personId, ProcessAction.Launch, processKey, [owner], population);
    }

    /// <summary>The department a process document names as its owner; null when none (or the text is not a JSON object).</summary>
    public static string? OwnerIn(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ownerDepartment", out var owner)
                && owner.ValueKind == JsonValueKind.String
                && owner.GetString() is { Length: > 0 and <= MaxDepartmentId } id
                    ? id
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // What Decide reads of the organisation: every department, and of the people only those it asks about (the person
    // deciding, the people of a launch) — a draft saved or linted as the author types must not read 100,000 people.
    private static async Task<OrgChart> ChartAsync(UnitOfWork work, IReadOnlyCollection<string> peopleAskedAbout) =>
        new(await OrganisationStore.DepartmentsAsync(work), await OrganisationStore.PeopleOfAsync(work, peopleAskedAbout));

    /// <summary>The decision over <paramref name="chart"/>: its departments, and its people for the person and the population.</summary>
    internal static ProcessDecision Decide(OrgChart chart, string personId, ProcessAction action, string key, IReadOnlyCollection<string?> owners, Population? population)
    {
        var person = chart.People.FirstOrDefault(p => p.Id == personId);
        if (person?.HasRole(Role.Admin) == true)
        {
            return ProcessDecision.Allow;
        }

        var departments = chart.Departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        bool Covers(string departmentId) => DepartmentScope.Within(departments, departmentId, d => d.HrbpId == personId || d.HeadId == personId);

        var hrbp = person?.HasRole(Role.Hrbp) == true;
        var servesOrHeads = chart.Departments.Any(d => d.HrbpId == personId || d.HeadId == personId);
        if (person is null || (!hrbp && !servesOrHeads))
        {
            return Refuse(action == ProcessAction.Launch
                ? new LocalizedText("只有管理员、HRBP 和部门负责人可以启动考核周期。", "Only an administrator, an HRBP or a department head may launch a cycle.")
                : new LocalizedText(
                    "只有管理员和 HRBP 可以编写并发布模板、流程、通知与报表；部门负责人可以编写并发布本部门的流程。",
                    "Only admins and HRBPs author and publish templates, processes, notifications and reports; department heads author and publish the processes of their own departments."));
        }

        foreach (var owner in owners.Distinct(StringComparer.Ordinal))
        {
            if (owner is null)
            {
                // The whole organisation's: every HRBP authors it, and whoever may launch launches it (for their people).
                if (action != ProcessAction.Launch && !hrbp)
                {
                    return Refuse(new LocalizedText(
                        $"「{key}」是全组织的流程，只有管理员和 HRBP 可以编写和发布；请将 ownerDepartment 设为您负责的部门（或其下级部门）。",
                        $"\"{key}\" is a process of the whole organisation, which only admins and HRBPs author and publish: set ownerDepartment to a department you head (or one below it)."));
                }

                continue;
            }

            if (!departments.TryGetValue(owner, out var owning))
            {
                // A department the organisation does not know (misspelt, or gone with a new organisation file): lint refuses
                // to publish it; an HRBP may draft and publish over it to give the process an owner that exists.
                if (action == ProcessAction.Launch || !hrbp)
                {
                    return Refuse(new LocalizedText(
                        $"「{key}」的所属部门「{owner}」不在组织中：只有管理员可以启动它，HRBP 可以为它改设一个存在的所属部门。",
                        $"\"{key}\" is owned by \"{owner}\", a department the organisation does not have: only an administrator launches it, and an HRBP may give it an owner that exists."));
                }

                continue;
            }

            if (!Covers(owner))
            {
                return Refuse(action switch
                {
                    ProcessAction.Launch => new LocalizedText(
                        $"流程「{key}」属于{Named(owning).ZhCn}：只有该部门（或其上级部门）的 HRBP、负责人和管理员可以启动它。",
                        $"The process \"{key}\" is owned by {Named(owning).En}: only the HRBPs and heads of that department (or of one above it) and administrators launch it."),
                    ProcessAction.Publish => new LocalizedText(
                        $"「{key}」属于{Named(owning).ZhCn}：您只能发布您担任 HRBP 或负责的部门（及其下级部门）的流程。",
                        $"\"{key}\" is owned by {Named(owning).En}: you may publish only the processes of the departments you are the HRBP or the head of (and those below them)."),
                    _ => new LocalizedText(
                        $"「{key}」属于{Named(owning).ZhCn}：您只能编写您担任 HRBP 或负责的部门（及其下级部门）的流程。",
                        $"\"{key}\" is owned by {Named(owning).En}: you may author only the processes of the departments you are the HRBP or the head of (and those below them)."),
                });
            }
        }

        if (population is null)
        {
            return ProcessDecision.Allow;
        }

        if (population.DepartmentId is { } root)
        {
            // A department the organisation does not know is the launch's to report (400 naming it).
            return !departments.TryGetValue(root, out var target) || Covers(root) ? ProcessDecision.Allow : Refuse(Outside(Named(target)));
        }

        var people = chart.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var named = (population.PersonIds ?? []).Where(people.ContainsKey).Select(id => people[id]).ToList();
        if (named.Count == 0)
        {
            return Refuse(new LocalizedText("组织中没有这些人员。", "The organisation has none of these people."));
        }

        var outside = named.FirstOrDefault(p => p.DepartmentId is not { } id || !Covers(id));
        return outside is null
            ? ProcessDecision.Allow
            : Refuse(Outside(outside.DepartmentId is { } d && departments.TryGetValue(d, out var department) ? Named(department) : new LocalizedText("（无部门）", "(no department)")));
    }

    private static LocalizedText Outside(LocalizedText department) => new(
        $"{department.ZhCn}不在您担任 HRBP 或负责的部门之内：您只能为这些部门（及其下级部门）的人员启动考核周期。",
        $"{department.En} is not among the departments you are the HRBP or the head of: you may launch cycles only for people of those departments (and the departments below them).");

    // 「研发中心（D200）」 / "R&D Center (D200)"
    private static LocalizedText Named(Department department) => new($"「{department.NameZh}（{department.Id}）」", $"\"{department.NameEn}\" ({department.Id})");

    private static ProcessDecision Refuse(LocalizedText reason) => new(false, reason);
}
