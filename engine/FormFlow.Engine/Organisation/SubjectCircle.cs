namespace FormFlow.Organisation;

/// <summary>
/// A subject with their manager and skip-level (null where there is none), as <see cref="OrganisationStore"/> answers
/// for each: read with a task in the same round trip, it answers a command's questions about those three places.
/// </summary>
internal sealed record SubjectCircle(string SubjectId, Person? Subject, Person? Manager, Person? SkipLevel)
{
    /// <summary>
    /// The circle from the rows of <see cref="OrganisationStore.SubjectCircleSql"/>: the subject by id, the manager as
    /// the subject's <c>manager_id</c> names, the skip-level as the manager's — the joins of the statements that read them.
    /// </summary>
    public static SubjectCircle Of(string subjectId, IReadOnlyList<Person> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var subject = Find(people, subjectId);
        var manager = subject?.ManagerId is { } managerId ? Find(people, managerId) : null;
        var skipLevel = manager?.ManagerId is { } skipLevelId ? Find(people, skipLevelId) : null;
        return new SubjectCircle(subjectId, subject, manager, skipLevel);
    }

    private static Person? Find(IReadOnlyList<Person> people, string id)
    {
        foreach (var person in people)
        {
            if (person.Id == id)
            {
                return person;
            }
        }

        return null;
    }
}
