using System.Globalization;
using System.Text;
using Dapper;
using FormFlow.Cycles;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// Every row a launch writes, column by column, against a recorded launch (LaunchRows.expected.txt): a change to how
/// the launcher computes or writes its rows (batching, streaming, compiled templates) must leave them as they were, on
/// every database. Ids are random, so each is written as what it names (the instance of P2, P2's self-review task);
/// the clock is the suite's fake one, so every time is fixed. After a deliberate change of what a launch writes,
/// FORMFLOW_RECORD_LAUNCH_ROWS=1 records the file again (review its diff).
/// </summary>
public class LaunchRowsTests(string kind) : CycleTest(kind)
{
    private static string Expected => Path.Combine(RepositoryFiles.Root, "tests", "FormFlow.Engine.Tests", "Cycles", "LaunchRows.expected.txt");

    [Test]
    public async Task Launching_the_annual_review_for_D1_writes_exactly_the_recorded_rows_in_every_table()
    {
        await Launch(Population.Department("D1"));

        var rows = await LaunchRowsAsync();
        if (Environment.GetEnvironmentVariable("FORMFLOW_RECORD_LAUNCH_ROWS") == "1" && Kind == "sqlite-file")
        {
            await File.WriteAllTextAsync(Expected, rows);
        }

        // A checkout that turns line ends into CRLF changes nothing the launch wrote.
        Assert.That(rows, Is.EqualTo((await File.ReadAllTextAsync(Expected)).ReplaceLineEndings("\n")));
    }

    // The rows of the launch's tables as sorted lines "table | column=value | ...", each id replaced by a name.
    private async Task<string> LaunchRowsAsync()
    {
        var tables = new (string Table, string Query)[]
        {
            ("cycles", "SELECT * FROM cycles"),
            ("cycle_members", "SELECT * FROM cycle_members"),
            ("process_instances", "SELECT * FROM process_instances"),
            ("tasks", "SELECT * FROM tasks"),
            ("timers", "SELECT * FROM timers"),
            ("outbox", "SELECT * FROM outbox"),
            // Without its id (a sequence) and the entries of the publishing that set the suite up.
            ("audit_log", "SELECT * FROM audit_log WHERE entity IN ('cycle', 'instance', 'task')"),
        };
        var read = new Dictionary<string, List<IDictionary<string, object?>>>();
        await InTransaction(Db, async w =>
        {
            foreach (var (table, query) in tables)
            {
                read[table] = [.. (await w.Connection.QueryAsync(query, transaction: w.Transaction)).Select(r => (IDictionary<string, object?>)r)];
            }
        });

        static string Text(object? value) => value switch
        {
            null => "null",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };

        static string Column(IDictionary<string, object?> row, string name) => Text(row.Single(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase)).Value);

        // Names for the ids: instances by their subject, tasks by subject, step and assignee, timers by task and kind.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var subjectOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instance in read["process_instances"])
        {
            subjectOf[Column(instance, "id")] = Column(instance, "subject_id");
            names[Column(instance, "id")] = $"<instance of {Column(instance, "subject_id")}>";
        }

        foreach (var task in read["tasks"])
        {
            names[Column(task, "id")] = $"<task {Column(task, "step")} of {subjectOf[Column(task, "instance_id")]} for {Column(task, "assignee_id")}>";
        }

        foreach (var timer in read["timers"])
        {
            names[Column(timer, "id")] = $"<{Column(timer, "kind")} of {names.GetValueOrDefault(Column(timer, "task_id"), "instance " + subjectOf[Column(timer, "instance_id")])}>";
        }

        string Named(string text) => names.Aggregate(text, (all, id) => all.Replace(id.Key, id.Value, StringComparison.Ordinal));
        foreach (var message in read["outbox"])
        {
            names[Column(message, "id")] = $"<message {Named(Column(message, "idempotency_key"))}>";
        }

        var lines = new List<string>();
        foreach (var (table, _) in tables)
        {
            foreach (var row in read[table])
            {
                var columns = row.Where(c => table != "audit_log" || !string.Equals(c.Key, "id", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(c => c.Key.ToLowerInvariant(), StringComparer.Ordinal)
                    .Select(c => $"{c.Key.ToLowerInvariant()}={Text(c.Value)}");
                lines.Add(Named($"{table} | {string.Join(" | ", columns)}"));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', lines).Append('\n').ToString();
    }
}
