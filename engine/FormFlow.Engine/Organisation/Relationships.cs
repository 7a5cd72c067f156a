using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Organisation;

/// <summary>
/// Who a relationship names for a subject: their manager, skip-level, department head, HRBP, people with a role, or
/// the one person a step names (<c>person:E011</c>) whoever the subject is — nobody once that person is gone.
/// The runtime asks the database one question at a time; launching a cycle and linting a process ask about many
/// people at once and use the organisation loaded in memory. Both answer alike (the storage tests pin the queries,
/// <c>RelationshipsTests</c> the two side by side).
/// </summary>
internal sealed class Relationships
{
    private readonly UnitOfWork? work;
    private readonly SubjectCircle? circle;
    private readonly Dictionary<string, Person>? people;
    private readonly Dictionary<string, Department>? departments;

    // Who has each role, found once: a cycle's launch asks for every person, and a scan of the whole organisation
    // per question would make a launch for 100,000 people quadratic.
    private readonly Dictionary<string, IReadOnlyList<Person>> withRole = new(StringComparer.Ordinal);

    private Relationships(UnitOfWork? work, OrgChart? chart, SubjectCircle? circle = null)
    {
        this.work = work;
        this.circle = circle;
        if (chart is not null)
        {
            people = chart.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
            departments = chart.Departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        }
    }

    public static Relationships InStore(UnitOfWork work) => new(work ?? throw new ArgumentNullException(nameof(work)), null);

    /// <summary>
    /// As <see cref="InStore(UnitOfWork)"/>, with the answers about one subject's own row, manager and skip-level read
    /// already (beside the task a command acts on): those questions cost no further round trip.
    /// </summary>
    public static Relationships InStore(UnitOfWork work, SubjectCircle circle) =>
        new(work ?? throw new ArgumentNullException(nameof(work)), null, circle ?? throw new ArgumentNullException(nameof(circle)));

    public static Relationships InMemory(OrgChart chart) => new(null, chart ?? throw new ArgumentNullException(nameof(chart)));

    public async Task<Person?> FindAsync(string id) =>
        people is not null ? people.GetValueOrDefault(id)
        : circle is not null && circle.SubjectId == id ? circle.Subject
        : await OrganisationStore.FindPersonAsync(work!, id);

    /// <summary>What conditions know of <paramref name="subjectId"/>: level, department and those above it, roles.</summary>
    public async Task<SubjectFacts> SubjectAsync(string subjectId)
    {
        if (await FindAsync(subjectId) is not { } person)
        {
            return SubjectFacts.IdOnly(subjectId);
        }

        if (person.DepartmentId is not { } departmentId)
        {
            return SubjectFacts.Of(person, []);
        }

        return SubjectFacts.Of(person, people is not null ? DepartmentsUp(departmentId) : await OrganisationStore.DepartmentsUpAsync(work!, departmentId));
    }

    /// <summary>
    /// <see cref="SubjectAsync"/> of each of <paramref name="subjectIds"/>, asked of the database at once: the people in
    /// one statement and each of their departments' chains once, where one at a time a page of many instances asked two
    /// statements a subject (a calibration session of a thousand people, two thousand).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SubjectFacts>> SubjectsAsync(IReadOnlyCollection<string> subjectIds)
    {
        ArgumentNullException.ThrowIfNull(subjectIds);
        var facts = new Dictionary<string, SubjectFacts>(StringComparer.Ordinal);
        if (people is not null || circle is not null || subjectIds.Count < 2)
        {
            foreach (var id in subjectIds.Distinct(StringComparer.Ordinal))
            {
                facts[id] = await SubjectAsync(id);
            }

            return facts;
        }

        var found = await OrganisationStore.PeopleOfAsync(work!, subjectIds);
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var person in found)
        {
            if (person.DepartmentId is { } departmentId && !chains.ContainsKey(departmentId))
            {
                chains[departmentId] = await OrganisationStore.DepartmentsUpAsync(work!, departmentId);
            }

            facts[person.Id] = SubjectFacts.Of(person, person.DepartmentId is { } department ? chains[department] : []);
        }

        foreach (var id in subjectIds)
        {
            facts.TryAdd(id, SubjectFacts.IdOnly(id));
        }

        return facts;
    }

    // As OrganisationStore.DepartmentsUpAsync: the department and those above it, nearest first.
    private List<string> DepartmentsUp(string departmentId)
    {
        var found = new List<string>();
        for (var (id, depth) = ((string?)departmentId, 0); id is not null && depth <= OrganisationStore.MaxDepth && departments!.TryGetValue(id, out var department); depth++)
        {
            found.Add(department.Id);
            id = department.ParentId;
        }

        return found;
    }

    /// <summary>The person's superior: whom an overdue task of theirs is copied or handed to.</summary>
    public async Task<Person?> SuperiorOfAsync(string personId) =>
        people is not null ? Manager(personId)
        : circle is not null && circle.SubjectId == personId ? circle.Manager
        : await OrganisationStore.ManagerOfAsync(work!, personId);

    /// <summary>The people <paramref name="assignee"/> names for <paramref name="subjectId"/>; empty when nobody fills that place.</summary>
    public async Task<IReadOnlyList<Person>> ResolveAsync(Assignee assignee, string subjectId)
    {
        ArgumentNullException.ThrowIfNull(assignee);
        if (people is not null)
        {
            return Resolve(assignee, subjectId);
        }

        if (assignee.Role is { } role)
        {
            return await OrganisationStore.PeopleWithRoleAsync(work!, role);
        }

        if (assignee.PersonId is { } named)
        {
            return await FindAsync(named) is { } found ? [found] : [];
        }

        if (circle is not null && circle.SubjectId == subjectId && assignee.Relation is Assignee.Subject or Assignee.Manager or Assignee.SkipLevel)
        {
            var known = assignee.Relation switch
            {
                Assignee.Subject => circle.Subject,
                Assignee.Manager => circle.Manager,
                _ => circle.SkipLevel,
            };
            return known is null ? [] : [known];
        }

        var person = assignee.Relation switch
        {
            Assignee.Subject => await OrganisationStore.FindPersonAsync(work!, subjectId),
            Assignee.Manager => await OrganisationStore.ManagerOfAsync(work!, subjectId),
            Assignee.SkipLevel => await OrganisationStore.SkipLevelOfAsync(work!, subjectId),
            Assignee.DepartmentHead => await OrganisationStore.DepartmentHeadOfAsync(work!, subjectId),
            Assignee.Hrbp => await OrganisationStore.HrbpOfAsync(work!, subjectId),
            _ => null,
        };
        return person is null ? [] : [person];
    }

    private IReadOnlyList<Person> Resolve(Assignee assignee, string subjectId)
    {
        if (assignee.Role is { } role)
        {
            if (!withRole.TryGetValue(role, out var found))
            {
                withRole[role] = found = [.. people!.Values.Where(p => p.HasRole(role)).OrderBy(p => p.Id, StringComparer.Ordinal)];
            }

            return found;
        }

        if (assignee.PersonId is { } named)
        {
            return people!.GetValueOrDefault(named) is { } found ? [found] : [];
        }

        var person = assignee.Relation switch
        {
            Assignee.Subject => people!.GetValueOrDefault(subjectId),
            Assignee.Manager => Manager(subjectId),
            Assignee.SkipLevel => Manager(subjectId) is { } manager ? Manager(manager.Id) : null,
            Assignee.DepartmentHead => UpTheTree(subjectId, d => d.HeadId),
            Assignee.Hrbp => UpTheTree(subjectId, d => d.HrbpId),
            _ => null,
        };
        return person is null ? [] : [person];
    }

    private Person? Manager(string personId) =>
        people!.GetValueOrDefault(personId)?.ManagerId is { } managerId ? people!.GetValueOrDefault(managerId) : null;

    // As OrganisationStore: the nearest department up the tree naming someone other than the person.
    private Person? UpTheTree(string personId, Func<Department, string?> column)
    {
        var departmentId = people!.GetValueOrDefault(personId)?.DepartmentId;
        for (var depth = 0; departmentId is not null && depth <= OrganisationStore.MaxDepth; depth++)
        {
            if (!departments!.TryGetValue(departmentId, out var department))
            {
                return null;
            }

            if (column(department) is { } found && found != personId && people!.GetValueOrDefault(found) is { } person)
            {
                return person;
            }

            departmentId = department.ParentId;
        }

        return null;
    }
}
