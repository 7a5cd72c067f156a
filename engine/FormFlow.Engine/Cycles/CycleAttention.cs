using System.Text.Json;
using System.Text.RegularExpressions;
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
internal static partial class CycleAttention
{
    // How many instances are opened at once to decide what the reader sees of them: their tasks in one query, the
    // reader's relation to their subjects in another. One at a time, each cost about a millisecond: two minutes for the
    // ratings of a review of 100,000 people, once they are rated.
    private const int Batch = 1000;

    /// <summary>Of <paramref name="overdue"/> (most overdue first), those whose instance <paramref name="readerId"/> sees, each with its names and titles.</summary>
    public static async Task<IReadOnlyList<OverduePerson>> OverdueAsync(UnitOfWork work, IReadOnlyList<Overdue> overdue, string readerId, DateTimeOffset now)
    {
        if (overdue.Count == 0)
        {
            return [];
        }

        var found = new List<(InstanceRow Row, ProcessDefinition Process)>();
        foreach (var row in await InstanceStore.FindManyAsync(work, [.. overdue.Select(o => o.Task.InstanceId).Distinct(StringComparer.Ordinal)]))
        {
            if (await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is { } process)
            {
                found.Add((row, process));
            }
        }

        var sights = (await SightsAsync(work, [.. found.Select(f => f.Row)], readerId, now))
            .Select((sight, i) => (found[i].Row.Id, Sight: sight, found[i].Process))
            .ToDictionary(s => s.Id, s => (s.Sight, s.Process), StringComparer.Ordinal);
        var seen = overdue.Where(o => sights.TryGetValue(o.Task.InstanceId, out var sight) && sight.Sight.SeesInstance).ToList();
        var names = new Names(work);
        await names.KnowAsync(seen.SelectMany(o => new[] { o.Task.SubjectId, o.Task.AssigneeId }));
        var people = new List<OverduePerson>(seen.Count);
        foreach (var line in seen)
        {
            var task = line.Task;
            var (sight, process) = sights[task.InstanceId];
            var step = process.Steps.GetValueOrDefault(task.Step);
            people.Add(new OverduePerson(
                task.InstanceId,
                await names.OfAsync(task.SubjectId),
                task.ProcessKey,
                process.Title,
                task.Step,
                step?.Title ?? new LocalizedText(task.Step, task.Step),
                sight.NamesPeopleAt(task.Step) ? await names.OfAsync(task.AssigneeId) : null,
                DateTimeOffset.FromUnixTimeMilliseconds(task.DueAt),
                line.DaysOverdue));
        }

        return people;
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

        // The rating field of each version of a process the cycle's instances run.
        var fields = new Dictionary<(string, int), CalibrationDesk.RatingField?>();
        foreach (var (key, version) in await work.Connection.QueryAsync<(string, int)>(
            "SELECT DISTINCT process_key, process_version FROM process_instances WHERE cycle_id = @CycleId", new { CycleId = cycleId }, work.Transaction))
        {
            fields[(key, version)] = await ProcessCatalog.ProcessAsync(work, key, version) is { } process ? await CalibrationDesk.RatingFieldAsync(work, process) : null;
        }

        // Only an instance whose state names the rating field can hold a rating: the database leaves out the others (a
        // review before its interviews, nearly all of it) by that name, and RatingOf still decides for the rest. Every
        // instance is read when the versions rate fields of different names, or a name JSON might write escaped.
        var names = fields.Values.OfType<CalibrationDesk.RatingField>().Select(f => f.Field).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return new RatingDistribution([.. counts.Keys], [.. counts.Values], 0);
        }

        var named = names.Count == 1 && PlainName().IsMatch(names[0]) ? $"%\"{names[0]}\"%" : null;
        var rated = new List<(InstanceRow Row, CalibrationDesk.RatingField Field, int Rating)>();
        foreach (var row in await work.Connection.QueryAsync<InstanceRow>(
            """
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE cycle_id = @CycleId AND (@Named IS NULL OR state LIKE @Named)
            """,
            new { CycleId = cycleId, Named = named },
            work.Transaction))
        {
            if (fields.GetValueOrDefault((row.ProcessKey, row.ProcessVersion)) is { } field && RatingOf(row.State, field) is { } rating)
            {
                rated.Add((row, field, rating));
            }
        }

        // Counted only where the reader reads the record's rating field: the process shows it to them (the shipped
        // annual review shows it to the HRBP and to the managers up the chain) or they took part in it.
        var sights = await SightsAsync(work, [.. rated.Select(r => r.Row)], readerId, now);
        for (var i = 0; i < rated.Count; i++)
        {
            var (_, field, rating) = rated[i];
            if (sights[i].Form(field.Form, field.Template)?.Readable.Contains(field.Field) == true)
            {
                counts[rating] = counts.GetValueOrDefault(rating) + 1;
            }
        }

        return new RatingDistribution([.. counts.Keys], [.. counts.Values], counts.Values.Sum());
    }

    // What the reader sees of each of rows (their processes published), in their order, a batch at a time.
    private static async Task<List<Visibility>> SightsAsync(UnitOfWork work, IReadOnlyList<InstanceRow> rows, string readerId, DateTimeOffset now)
    {
        var sights = new List<Visibility>(rows.Count);
        foreach (var batch in rows.Chunk(Batch))
        {
            sights.AddRange(await Visibility.ForAsync(work, await Run.OpenManyAsync(work, batch, now, readerId), readerId));
        }

        return sights;
    }

    // The rating the instance's form holds; an instance not that far yet, or a value its template does not allow, has
    // none. Read from the state's forms alone (InstanceState's "forms"), not the whole state: it is asked of every
    // instance of the cycle.
    private static int? RatingOf(string state, CalibrationDesk.RatingField field)
    {
        using var document = JsonDocument.Parse(state);
        return document.RootElement.TryGetProperty("forms", out var forms) && forms.ValueKind == JsonValueKind.Object
            && forms.TryGetProperty(field.Form, out var form) && form.ValueKind == JsonValueKind.Object
            && form.TryGetProperty(field.Field, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var rating) && field.Values.Contains(rating)
            ? rating
            : null;
    }

    // A field name JSON writes as it is, so that the state holds it as "name" (the templates' own rule, TemplateLinter).
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
