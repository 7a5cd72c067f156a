using System.Data.Common;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Organisation;

/// <summary>
/// A person as the server shows them: names, department, manager, level, roles (<see cref="Role"/>), and the
/// departments they head or are the HRBP of.
/// </summary>
public sealed record PersonProfile(
    string Id,
    LocalizedText Name,
    string Email,
    string Locale,
    string? DepartmentId,
    LocalizedText? DepartmentName,
    string? ManagerId,
    string? Level,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> HeadOf,
    IReadOnlyList<string> HrbpOf)
{
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The person's role family (岗位类别, e.g. <c>sales-rep</c>) from the organisation file, or null.</summary>
    public string? RoleFamily { get; init; }
}

/// <summary>
/// A department as a person is shown it: its names, the department above it, its head and HRBP (people ids), how many
/// people are in it and in it with every department below, and whether the person may launch a cycle for it.
/// </summary>
public sealed record DepartmentInfo(string Id, LocalizedText Name, string? ParentId, string? HeadId, string? HrbpId, int People, int PeopleWithin, bool MayLaunch);

/// <summary>One page of people, and how many there are in all the pages.</summary>
public sealed record PeoplePage(IReadOnlyList<PersonProfile> People, int Total);

/// <summary>What importing an organisation file did: whether it was stored, how many people and departments, or every problem.</summary>
public sealed record OrganisationImportOutcome(bool Imported, int People, int Departments, IReadOnlyList<ImportProblem> Problems);

/// <summary>The stored organisation for a host: who a signed-in person is, everybody, and the first import.</summary>
public static class OrganisationDirectory
{
    /// <summary>The person with this id; null when the organisation has nobody of that id.</summary>
    public static async Task<PersonProfile?> FindPersonAsync(Database database, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await OrganisationStore.FindPersonWithDepartmentsAsync(work, id) is var (person, department, headOf, hrbpOf)
            ? Profile(person, department, headOf, hrbpOf)
            : null;
    }

    /// <summary>Everybody, by id.</summary>
    public static async Task<IReadOnlyList<PersonProfile>> PeopleAsync(Database database, CancellationToken cancellationToken = default)
    {
        OrgChart organisation;
        await using (var work = await UnitOfWork.BeginReadAsync(database, cancellationToken))
        {
            organisation = await OrganisationStore.LoadAsync(work);
        }

        var departments = organisation.Departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return [.. organisation.People.Select(p => Profile(
            p,
            p.DepartmentId is null ? null : departments.GetValueOrDefault(p.DepartmentId),
            [.. organisation.Departments.Where(d => d.HeadId == p.Id).Select(d => d.Id)],
            [.. organisation.Departments.Where(d => d.HrbpId == p.Id).Select(d => d.Id)]))];
    }

    /// <summary>
    /// One page (<paramref name="offset"/>, <paramref name="limit"/>) of the people <paramref name="viewer"/> may see, by
    /// id, and how many there are: administrators and HRBPs everyone, anyone else themselves and the people they
    /// oversee (<see cref="Oversight"/>). With <paramref name="search"/>, only those whose id or a name holds it, in any
    /// case. Filtered, counted and paged by the database.
    /// </summary>
    public static async Task<PeoplePage> VisiblePeopleAsync(Database database, PersonProfile viewer, string? search, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (people, total) = await VisibleAsync(database, viewer, string.IsNullOrWhiteSpace(search) ? null : search.Trim(), null, offset, limit, cancellationToken);
        return new PeoplePage(people, total);
    }

    /// <summary>The person of this id when <paramref name="viewer"/> may see them (the rule of <see cref="VisiblePeopleAsync"/>); else null.</summary>
    public static async Task<PersonProfile?> VisiblePersonAsync(Database database, PersonProfile viewer, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(id);
        var (people, _) = await VisibleAsync(database, viewer, null, id, 0, 1, cancellationToken);
        return people.Count == 0 ? null : people[0];
    }

    // Who sees whom of the organisation, in one place: administrators and HRBPs everyone; anyone else themselves and
    // whom they oversee.
    private static async Task<(IReadOnlyList<PersonProfile> People, int Total)> VisibleAsync(
        Database database, PersonProfile viewer, string? search, string? onlyId, int offset, int limit, CancellationToken cancellationToken)
    {
        var everyone = viewer.HasRole(Role.Admin) || viewer.HasRole(Role.Hrbp);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        // The viewer's profile says they are no administrator: the scope needs no second read of their row. One removed
        // from the organisation since oversees nobody, and the set finds no one.
        (string With, string Condition)? scope = everyone ? null : Oversight.OverseenScope(work.Dialect, admin: false, "p", withViewer: true, asSet: true);

        var (people, departments, total) = await OrganisationStore.PageAsync(work, viewer.Id, scope, search, onlyId, offset, limit);
        var byId = departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return ([.. people.Select(p => Profile(
            p,
            p.DepartmentId is null ? null : byId.GetValueOrDefault(p.DepartmentId),
            [.. departments.Where(d => d.HeadId == p.Id).Select(d => d.Id)],
            [.. departments.Where(d => d.HrbpId == p.Id).Select(d => d.Id)]))], total);
    }

    /// <summary>
    /// The departments <paramref name="viewerId"/> is shown, by id: every one to an administrator; to an HRBP or a
    /// department head the departments they are the HRBP or head of and those below them (<see cref="DepartmentScope"/>,
    /// the rule a launch is admitted by); to anyone else none. <see cref="DepartmentInfo.MayLaunch"/> is the launch's
    /// answer for the department as <c>ProcessRights</c> admits a launch's population: an administrator's, or the HRBP's
    /// or head's of it or of one above (which process they may launch is the process's owner's to decide).
    /// </summary>
    public static async Task<IReadOnlyList<DepartmentInfo>> DepartmentsAsync(Database database, string viewerId, CancellationToken cancellationToken = default)
    {
        // The departments and how many people each has, never the people themselves: the list of an HRBP of 100,000
        // people read every person's record for two numbers a department (docs/performance.md, "Lists").
        IReadOnlyList<Department> all;
        IReadOnlyDictionary<string, int> direct;
        bool admin;
        await using (var work = await UnitOfWork.BeginReadAsync(database, cancellationToken))
        {
            admin = (await OrganisationStore.FindPersonAsync(work, viewerId))?.HasRole(Role.Admin) == true;
            all = await OrganisationStore.DepartmentsAsync(work);
            direct = await OrganisationStore.PeopleByDepartmentAsync(work);
        }

        var departments = all.ToDictionary(d => d.Id, StringComparer.Ordinal);
        int Within(string id) => direct.Where(c => DepartmentScope.Within(departments, c.Key, d => d.Id == id)).Sum(c => c.Value);
        return [.. all
            .Where(d => admin || DepartmentScope.Within(departments, d.Id, l => l.HrbpId == viewerId || l.HeadId == viewerId))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new DepartmentInfo(
                d.Id,
                d.Name,
                d.ParentId,
                d.HeadId,
                d.HrbpId,
                direct.GetValueOrDefault(d.Id),
                Within(d.Id),
                admin || DepartmentScope.Within(departments, d.Id, l => l.HrbpId == viewerId || l.HeadId == viewerId)))];
    }

    /// <summary>The ids of the people whose manager is <paramref name="managerId"/> (their direct reports), by id.</summary>
    public static async Task<IReadOnlyList<string>> DirectReportsAsync(Database database, string managerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(managerId);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await OrganisationStore.DirectReportsAsync(work, managerId);
    }

    /// <summary>The names of the people of these ids the organisation has, by id: what a list shows of the people it names.</summary>
    public static async Task<IReadOnlyDictionary<string, LocalizedText>> NamesAsync(Database database, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        }

        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return (await OrganisationStore.PeopleOfAsync(work, ids)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// Imports an organisation file (.csv or .xlsx, see docs/organisation.md) when the stored organisation has nobody
    /// in it — a demo's first start; otherwise, or when another node imported first, changes nothing and answers
    /// <see cref="OrganisationImportOutcome.Imported"/> false with the counts of the organisation already stored.
    /// </summary>
    public static async Task<OrganisationImportOutcome> ImportIfEmptyAsync(Database database, Stream file, string fileName, CancellationToken cancellationToken = default)
    {
        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            await OrganisationStore.LockForImportAsync(work);
            var (people, departments) = await OrganisationStore.CountAsync(work);
            if (people > 0)
            {
                return new OrganisationImportOutcome(false, people, departments, []);
            }

            var result = await OrganisationImport.ImportAsync(work, file, fileName, cancellationToken);
            if (result.Organisation is not { } organisation)
            {
                return new OrganisationImportOutcome(false, 0, 0, result.Problems);
            }

            try
            {
                await Vacuum.BeforeCommitAsync(work);
                await work.CommitAsync(cancellationToken);
                await OrganisationStore.RefreshStatisticsAsync(database, cancellationToken);
                return new OrganisationImportOutcome(true, organisation.People.Count, organisation.Departments.Count, []);
            }
            catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
            {
                // Another node imported first: what it stored is read below, outside this failed transaction.
            }
        }

        await using var read = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var (stored, storedDepartments) = await OrganisationStore.CountAsync(read);
        return new OrganisationImportOutcome(false, stored, storedDepartments, []);
    }

    /// <summary>
    /// Imports an organisation file (.csv in UTF-8 or .xlsx, by <paramref name="fileName"/>'s extension; see
    /// docs/organisation.md) in place of the stored organisation — all or nothing: a file with any problem stores
    /// nothing and every problem comes back with its row and column. With <paramref name="dryRun"/> the file is only
    /// checked (<see cref="OrganisationImportOutcome.Imported"/> false, the counts it would store).
    /// </summary>
    public static async Task<OrganisationImportOutcome> ImportAsync(Database database, Stream file, string fileName, bool dryRun, CancellationToken cancellationToken = default)
    {
        if (dryRun)
        {
            var checkedOnly = OrganisationImport.Parse(file, fileName);
            return checkedOnly.Organisation is { } parsed
                ? new OrganisationImportOutcome(false, parsed.People.Count, parsed.Departments.Count, [])
                : new OrganisationImportOutcome(false, 0, 0, checkedOnly.Problems);
        }

        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var result = await OrganisationImport.ImportAsync(work, file, fileName, cancellationToken);
        if (result.Organisation is not { } organisation)
        {
            return new OrganisationImportOutcome(false, 0, 0, result.Problems);
        }

        await Vacuum.BeforeCommitAsync(work);
        await work.CommitAsync(cancellationToken);
        await OrganisationStore.RefreshStatisticsAsync(database, cancellationToken);
        return new OrganisationImportOutcome(true, organisation.People.Count, organisation.Departments.Count, []);
    }

    private static PersonProfile Profile(Person person, Department? department, IReadOnlyList<string> headOf, IReadOnlyList<string> hrbpOf) => new(
        person.Id,
        person.Name,
        person.Email,
        person.Locale,
        person.DepartmentId,
        department?.Name,
        person.ManagerId,
        person.Level,
        [.. person.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        headOf,
        hrbpOf)
    {
        RoleFamily = person.RoleFamily,
    };
}
