using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Processes;
using FormFlow.Storage;
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
/// How many interview records of a cycle's annual reviews gave each overall rating, <see cref="Counts"/>[0] for 1 up
/// to [4] for 5, counting only the records whose rating the reader reads; <see cref="Rated"/> is their sum.
/// </summary>
public sealed record RatingDistribution(IReadOnlyList<int> Counts, int Rated);

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
    private const string AnnualReview = "annual-review";
    private const string RecordForm = "record";
    private const string RatingField = "overall_rating";

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

    /// <summary>The overall ratings of the cycle's interview records that <paramref name="readerId"/> reads.</summary>
    public static async Task<RatingDistribution> RatingsAsync(UnitOfWork work, string cycleId, string readerId, DateTimeOffset now)
    {
        var ratings = new int[5];
        foreach (var row in await work.Connection.QueryAsync<InstanceRow>(
            """
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE cycle_id = @CycleId AND process_key = @Process
            """,
            new { CycleId = cycleId, Process = AnnualReview },
            work.Transaction))
        {
            if (RatingOf(row.State) is { } rating && await ReadsRatingAsync(work, row, readerId, now))
            {
                ratings[rating - 1]++;
            }
        }

        return new RatingDistribution(ratings, ratings.Sum());
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

    // Whether the reader reads the rating of this instance's interview record: the process shows it to them (the
    // shipped annual review shows it to the HRBP and to the managers up the chain) or they took part in it.
    private static async Task<bool> ReadsRatingAsync(UnitOfWork work, InstanceRow row, string readerId, DateTimeOffset now)
    {
        if (await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is not { } process || !process.Forms.ContainsKey(RecordForm))
        {
            return false;
        }

        var run = await Run.OpenAsync(work, row, now, readerId);
        var sight = await Visibility.ForAsync(work, run, readerId);
        return sight.Form(RecordForm, await ProcessCatalog.FormAsync(work, process, RecordForm))?.Readable.Contains(RatingField) == true;
    }

    // The rating the manager gave in the interview record; an instance not that far yet, or a value out of 1..5, has none.
    private static int? RatingOf(string state)
    {
        var forms = InstanceState.Parse(state).Forms;
        return forms.TryGetValue(RecordForm, out var record) && record[RatingField] is JsonValue value
            && value.TryGetValue<int>(out var rating) && rating is >= 1 and <= 5
            ? rating
            : null;
    }
}
