using System.Globalization;
using FormFlow.Cycles;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>One row of completion: a department or a manager, its people and where their launched instances stand.</summary>
internal sealed record CompletionLine(string Name, int People, int Completed, int Running, int Cancelled)
{
    public int Percent => Percentage(Completed, People);

    internal static int Percentage(int part, int whole) => whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);
}

/// <summary>An open task past due: who holds it, whose review it is, at which step, when it was due and by how many days.</summary>
internal sealed record OverdueLine(string Assignee, string Subject, string Process, string Step, string Due, int Days);

/// <summary>How many of the cycle's instances were given one rating (a value the rating field of its process allows).</summary>
internal sealed record RatingLine(int Rating, int Count, int Percent);

/// <summary>
/// The model of the cycle progress report for an HRBP, in one language: every text is already in that language and
/// every moment formatted in China Standard Time, so a template only lays it out. Built from the database at the
/// clock's now; see docs/reports.md for the members as a template sees them.
/// </summary>
internal sealed record CycleProgressModel(
    string Language,
    string CycleName,
    string Starts,
    string Ends,
    string AsOf,
    string Status,
    int People,
    int Completed,
    int Running,
    int Cancelled,
    int OpenTasks,
    int OverdueCount,
    IReadOnlyList<CompletionLine> Departments,
    IReadOnlyList<CompletionLine> Managers,
    IReadOnlyList<OverdueLine> Overdue,
    IReadOnlyList<RatingLine> Ratings,
    int Rated)
{
    public int Percent => CompletionLine.Percentage(Completed, People);

    /// <summary>
    /// The report of <paramref name="cycleId"/> now for <paramref name="readerId"/> (someone who manages the cycle, and
    /// so oversees everyone in it), in <paramref name="locale"/>'s language; null when there is no such cycle. The
    /// overdue tasks and the ratings are those the reader sees (<see cref="CycleAttention"/>).
    /// </summary>
    public static async Task<CycleProgressModel?> BuildAsync(Database database, TimeProvider clock, string cycleId, string readerId, string locale, int overdueLimit = 500, CancellationToken cancellationToken = default)
    {
        var progress = await CycleProgress.OfAsync(database, clock, cycleId, overdueLimit, cancellationToken);
        if (progress is null)
        {
            return null;
        }

        var language = NotificationTemplate.LanguageOf(locale);
        var now = clock.GetUtcNow();
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var overdue = await CycleAttention.OverdueAsync(work, progress.MostOverdue, readerId, now);
        var ratings = await CycleAttention.RatingsAsync(work, cycleId, readerId, now);
        var noDepartment = language == "en" ? "(no department)" : "（无部门）";
        var noManager = language == "en" ? "(no manager)" : "（无上级）";
        var anonymous = language == "en" ? "(anonymous)" : "（匿名）";
        string Name(PersonName? person) => person?.Name.For(language) ?? anonymous;
        return new CycleProgressModel(
            language,
            progress.Cycle.Name,
            Day(progress.Cycle.StartsAt, language),
            Day(progress.Cycle.EndsAt, language),
            NotificationModel.FormatTime(progress.AsOf, language),
            progress.Cycle.Status,
            progress.ByDepartment.Sum(c => c.People),
            progress.ByDepartment.Sum(c => c.Completed),
            progress.ByDepartment.Sum(c => c.Running),
            progress.ByDepartment.Sum(c => c.Cancelled),
            progress.OpenTasks.Sum(c => c.Tasks),
            progress.OverdueCount,
            [.. progress.ByDepartment.Select(c => new CompletionLine(c.Name?.For(language) ?? noDepartment, c.People, c.Completed, c.Running, c.Cancelled))],
            [.. progress.ByManager.Select(c => new CompletionLine(c.Name?.For(language) ?? noManager, c.People, c.Completed, c.Running, c.Cancelled))],
            // Tasks due at the same moment are listed by name: their ids are random.
            [.. overdue.OrderBy(o => o.DueAt).ThenBy(o => Name(o.Assignee), StringComparer.Ordinal).ThenBy(o => Name(o.Subject), StringComparer.Ordinal).ThenBy(o => o.Step, StringComparer.Ordinal).Select(o =>
                new OverdueLine(Name(o.Assignee), Name(o.Subject), o.ProcessTitle.For(language), o.StepTitle.For(language), NotificationModel.FormatTime(o.DueAt, language), o.DaysOverdue))],
            [.. ratings.Counts.Select((count, i) => new RatingLine(ratings.Values[i], count, CompletionLine.Percentage(count, ratings.Rated)))],
            ratings.Rated);
    }

    /// <summary>The members a template sees (snake_case, plain Scriban data).</summary>
    public ScriptObject ToScriptObject()
    {
        static ScriptArray Completions(IEnumerable<CompletionLine> lines)
        {
            var array = new ScriptArray();
            foreach (var l in lines)
            {
                array.Add(new ScriptObject { ["name"] = l.Name, ["people"] = l.People, ["completed"] = l.Completed, ["running"] = l.Running, ["cancelled"] = l.Cancelled, ["percent"] = l.Percent });
            }

            return array;
        }

        var overdue = new ScriptArray();
        foreach (var o in Overdue)
        {
            overdue.Add(new ScriptObject { ["assignee"] = o.Assignee, ["subject"] = o.Subject, ["process"] = o.Process, ["step"] = o.Step, ["due"] = o.Due, ["days"] = o.Days });
        }

        var ratings = new ScriptArray();
        foreach (var r in Ratings)
        {
            ratings.Add(new ScriptObject { ["rating"] = r.Rating, ["count"] = r.Count, ["percent"] = r.Percent });
        }

        return new ScriptObject
        {
            ["language"] = Language,
            ["cycle"] = new ScriptObject { ["name"] = CycleName, ["starts"] = Starts, ["ends"] = Ends, ["status"] = Status, ["as_of"] = AsOf },
            ["totals"] = new ScriptObject
            {
                ["people"] = People, ["completed"] = Completed, ["running"] = Running, ["cancelled"] = Cancelled, ["percent"] = Percent,
                ["open_tasks"] = OpenTasks, ["overdue_tasks"] = OverdueCount, ["overdue_listed"] = Overdue.Count,
            },
            ["departments"] = Completions(Departments),
            ["managers"] = Completions(Managers),
            ["overdue"] = overdue,
            ["ratings"] = ratings,
            ["rated"] = Rated,
        };
    }

    /// <summary>The report's tables, headed in its language, for CSV and XLSX.</summary>
    public IReadOnlyList<ReportTable> Tables()
    {
        var en = Language == "en";
        string[] completionHeaders(string first) => en
            ? [first, "People", "Completed", "Running", "Cancelled", "Completion %"]
            : [first, "人数", "已完成", "进行中", "已取消", "完成率 %"];
        static IReadOnlyList<string> Row(CompletionLine l) =>
            [l.Name, Number(l.People), Number(l.Completed), Number(l.Running), Number(l.Cancelled), Number(l.Percent)];
        return
        [
            new ReportTable("departments", completionHeaders(en ? "Department" : "部门"), [.. Departments.Select(Row)]),
            new ReportTable("managers", completionHeaders(en ? "Manager" : "上级"), [.. Managers.Select(Row)]),
            new ReportTable(
                "overdue",
                en ? ["Assignee", "Employee", "Process", "Step", "Due", "Days overdue"] : ["处理人", "员工", "流程", "环节", "截止时间", "逾期天数"],
                [.. Overdue.Select(o => (IReadOnlyList<string>)[o.Assignee, o.Subject, o.Process, o.Step, o.Due, Number(o.Days)])]),
            new ReportTable(
                "ratings",
                en ? ["Overall rating", "Records", "Share %"] : ["综合评分", "记录数", "占比 %"],
                [.. Ratings.Select(r => (IReadOnlyList<string>)[Number(r.Rating), Number(r.Count), Number(r.Percent)])]),
        ];
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Day(long ms, string language)
    {
        var text = NotificationModel.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), language);
        return text[..text.LastIndexOf(' ')];
    }
}
