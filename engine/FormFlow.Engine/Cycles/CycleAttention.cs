using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Calibrations;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Cycles;

/// <summary>
/// An open task of a cycle past due, as a reader who sees its instance reads it: whose review, at which step of which
/// process, who holds it (null at an anonymous step, where nobody is named), when it was due and by how many days.
/// </summary>
public sealed record OverduePerson(
    string InstanceId,
    PersonName Subject,
    string ProcessKey,
    LocalizedText ProcessTitle,
    string Step,
    LocalizedText StepTitle,
    PersonName? Assignee,
    DateTimeOffset DueAt,
    int DaysOverdue);

/// <summary>
/// How many of a cycle's instances were given each rating: <see cref="Values"/> are the ratings the rating field of the
/// cycle's process allows, in order (1 to 5 for the shipped annual review), <see cref="Counts"/>[i] how many were given
/// <see cref="Values"/>[i], counting only the ratings the reader reads; <see cref="Rated"/> is their sum.
/// </summary>
public sealed record RatingDistribution(IReadOnlyList<int> Values, IReadOnlyList<int> Counts, int Rated);

/// <summary>
/// What of a cycle needs attention, for one reader: the overdue tasks of the instances they see and the ratings they
/// read. Both the dashboard's answer (<see cref="CycleOperations.AttentionAsync"/>) and the cycle progress report
/// (<c>Reports/CycleProgressModel</c>) take them from here, so that who sees which person and which rating is decided
/// by one rule, the instances' own (<see cref="Visibility"/>, docs/processes.md "Who sees what"): an overdue task is
/// listed only when the reader sees its instance (rule 1), its assignee named only where the step names people (rule
/// 4), and a rating counted only when the reader reads the record's rating field (rule 2). No aggregate is made of
/// ratings the reader may not read one by one: in a small department a distribution would give each person's away.
/// </summary>
internal static class CycleAttention
{
    /// <summary>Of <paramref name="overdue"/> (most overdue first), those whose instance <paramref name="readerId"/> sees, each with its names and titles.</summary>
    public static async Task<IReadOnlyList<OverduePerson>> OverdueAsync(UnitOfWork work, IReadOnlyList<Overdue> overdue, string readerId, DateTimeOffset now)
    {
        if (overdue.Count == 0)
        {
            return [];
        }

        var names = await NamesAsync(work);
        PersonName Person(string id) => new(id, names.GetValueOrDefault(id) ?? new LocalizedText(id, id));
        var sights = new Dictionary<string, (Visibility Sight, ProcessDefinition Process)?>(StringComparer.Ordinal);
        var seen = new List<OverduePerson>();
        foreach (var line in overdue)
        {
            var task = line.Task;
            if (!sights.TryGetValue(task.InstanceId, out var found))
            {
                found = await InstanceStore.FindAsync(work, task.InstanceId) is { } row
                    && await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is { } process
                    ? (await Visibility.ForAsync(work, await Run.OpenAsync(work, row, now, readerId), readerId), process)
                    : null;
                sights[task.InstanceId] = found;
            }

            if (found is not { } instance || !instance.Sight.SeesInstance)
            {
                continue;
            }

            var step = instance.Process.Steps.GetValueOrDefault(task.Step);
            seen.Add(new OverduePerson(
                task.InstanceId,
                Person(task.SubjectId),
                task.ProcessKey,
                instance.Process.Title,
                task.Step,
                step?.Title ?? new LocalizedText(task.Step, task.Step),
                instance.Sight.NamesPeopleAt(task.Step) ? Person(task.AssigneeId) : null,
                DateTimeOffset.FromUnixTimeMilliseconds(task.DueAt),
                line.DaysOverdue));
        }

        return seen;
    }

    /// <summary>
    /// The ratings of the cycle's instances that <paramref name="readerId"/> reads: the field a form of the instance's
    /// process marks with the rating role (<see cref="FieldRoles.Rating"/>), whatever the process and the field are
    /// called, counted over the values its template allows (<see cref="FormTemplate.RatingValues"/>).
    /// </summary>
    public static async Task<RatingDistribution> RatingsAsync(UnitOfWork work, string cycleId, string readerId, DateTimeOffset now)
    {
        // The values of the cycle's process lead, so a cycle nobody is rated in yet still shows them; an instance of
        // another version of the process adds the values its own template allows.
        var counts = new SortedDictionary<int, int>();
        if (await CycleStore.FindAsync(work, cycleId) is { } cycle && await CalibrationDesk.RatingFieldAsync(work, cycle) is { } cycleField)
        {
            foreach (var value in cycleField.Values)
            {
                counts[value] = 0;
            }
        }

        var fields = new Dictionary<(string, int), CalibrationDesk.RatingField?>();
        foreach (var row in await work.Connection.QueryAsync<InstanceRow>(
            """
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE cycle_id = @CycleId
            """,
            new { CycleId = cycleId },
            work.Transaction))
        {
            if (!fields.TryGetValue((row.ProcessKey, row.ProcessVersion), out var field))
            {
                field = await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is { } process ? await CalibrationDesk.RatingFieldAsync(work, process) : null;
                fields[(row.ProcessKey, row.ProcessVersion)] = field;
            }

            if (field is not null && RatingOf(row.State, field) is { } rating && await ReadsRatingAsync(work, row, field, readerId, now))
            {
                counts[rating] = counts.GetValueOrDefault(rating) + 1;
            }
        }

        return new RatingDistribution([.. counts.Keys], [.. counts.Values], counts.Values.Sum());
    }

    /// <summary>Every person's name, by id.</summary>
    private static async Task<Dictionary<string, LocalizedText>> NamesAsync(UnitOfWork work)
    {
        // Every name, not the ones listed: an IN list does not bind alike in every dialect, and one query of the
        // organisation costs less than the overdue list of a large cycle.
        var names = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        foreach (var (id, zh, en) in await work.Connection.QueryAsync<(string, string, string)>("SELECT id, name_zh, name_en FROM people", transaction: work.Transaction))
        {
            names[id] = new LocalizedText(zh, en);
        }

        return names;
    }

    // Whether the reader reads the rating field of this instance: the process shows it to them (the shipped annual
    // review shows the record's rating to the HRBP and to the managers up the chain) or they took part in it.
    private static async Task<bool> ReadsRatingAsync(UnitOfWork work, InstanceRow row, CalibrationDesk.RatingField field, string readerId, DateTimeOffset now)
    {
        var run = await Run.OpenAsync(work, row, now, readerId);
        var sight = await Visibility.ForAsync(work, run, readerId);
        return sight.Form(field.Form, field.Template)?.Readable.Contains(field.Field) == true;
    }

    // The rating the instance's form holds; an instance not that far yet, or a value its template does not allow, has none.
    private static int? RatingOf(string state, CalibrationDesk.RatingField field) =>
        InstanceState.Parse(state).Forms.TryGetValue(field.Form, out var form) && form[field.Field] is JsonValue value
            && value.TryGetValue<int>(out var rating) && field.Values.Contains(rating)
            ? rating
            : null;
}
