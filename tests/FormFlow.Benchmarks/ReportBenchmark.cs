using System.Diagnostics;
using System.Globalization;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Benchmarks;

/// <summary>
/// The report figures of docs/performance.md, on PostgreSQL: the shipped annual review launched for 5,000 people
/// (teams of 100), 20 days on so that every self-review is overdue, then the cycle progress report built from the
/// database and rendered to HTML and CSV in zh-CN, and the pre-interview report of one employee whose self-review
/// is written — each once cold, then the median of five warm runs.
/// Usage: source tests/postgres.sh; dotnet run -c Release --project tests/FormFlow.Benchmarks -- reports [people]
/// </summary>
internal static class ReportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: source tests/postgres.sh first");
        var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
        using var database = new Database(StorageDialect.PostgreSql, await StorageBenchmark.FreshPostgresDatabaseAsync(postgres));
        var clock = await RuntimeBenchmark.PrepareAsync(database, RuntimeBenchmark.RepositoryRoot(), people);
        await RuntimeBenchmark.LaunchAsync(database, clock);
        clock.Now = clock.Now.AddDays(20);
        await StorageBenchmark.SettleAsync(database);

        var runs = new List<(double Model, double Html, double Csv, int Chars)>();
        for (var run = 0; run < 6; run++)
        {
            var watch = Stopwatch.StartNew();
            var model = await CycleProgressModel.BuildAsync(database, clock, "annual-2026", "H0", "zh-CN")
                ?? throw new InvalidOperationException("the cycle is missing");
            var built = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var html = ReportTemplates.Render(ReportTemplates.CycleProgress, "zh-CN", model.ToScriptObject());
            var rendered = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var csv = model.Tables().Sum(t => t.ToCsv().Length);
            runs.Add((built, rendered, watch.Elapsed.TotalMilliseconds, html.Text?.Length ?? throw new InvalidOperationException(html.Error!.Message)));
            if (run == 0)
            {
                Console.WriteLine($"cycle-progress-report-cold model {built:0} ms, html {rendered:0} ms ({people} people, {model.OverdueCount} overdue, {model.Overdue.Count} listed, {html.Text.Length:N0} chars, {csv:N0} chars of CSV)");
            }
        }

        var warm = runs.Skip(1).ToList();
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(2);
        Console.WriteLine($"cycle-progress-report-warm model {Median(warm.Select(r => r.Model)):0} ms, html {Median(warm.Select(r => r.Html)):0} ms, csv {Median(warm.Select(r => r.Csv)):0.0} ms (median of 5)");

        // One employee of the same database, the self-review written: the manager's report before the interview.
        const string employee = "E1";
        IReadOnlyList<TaskRow> open;
        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            open = await TaskStore.OpenForAsync(work, employee);
        }

        var submitted = await new ProcessRuntime(database, clock).SubmitAsync(open.Single(t => t.Step == "self-review").Id, employee, RuntimeBenchmark.SelfReview(RuntimeBenchmark.RepositoryRoot()));
        if (!submitted.Succeeded)
        {
            throw new InvalidOperationException("the self-review was refused");
        }

        var interviews = new List<(double Model, double Html)>();
        for (var run = 0; run < 6; run++)
        {
            var watch = Stopwatch.StartNew();
            var model = await PreInterviewModel.BuildAsync(database, clock, employee, "M1", "zh-CN") ?? throw new InvalidOperationException("no review of " + employee);
            var built = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var html = ReportTemplates.Render(ReportTemplates.PreInterview, "zh-CN", model.ToScriptObject());
            interviews.Add((built, watch.Elapsed.TotalMilliseconds));
            if (html.Error is { } error)
            {
                throw new InvalidOperationException(error.Message);
            }
        }

        Console.WriteLine($"pre-interview-report-cold model {interviews[0].Model:0.0} ms, html {interviews[0].Html:0.0} ms");
        Console.WriteLine($"pre-interview-report-warm model {Median(interviews.Skip(1).Select(r => r.Model)):0.0} ms, html {Median(interviews.Skip(1).Select(r => r.Html)):0.0} ms (median of 5)");
        return 0;
    }
}
