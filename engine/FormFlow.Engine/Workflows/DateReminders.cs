using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// Reminders of the dates people write into a form (a step's <c>dateReminders</c>): each date a rule's field holds is
/// reminded <c>before</c> its 09:00 in China Standard Time, to the rule's people. What is scheduled always equals what
/// the form says now: a step's rules are planned when the step first writes its form, and planned again on every later
/// write of that form by any step — a date moved gets a new timer and the old one does nothing, a date cleared or an
/// item removed keeps none, an unchanged date keeps its one timer. An item is known by its place in the form (its
/// JSON Pointer, <c>/result_goals/1/deadline</c>): removing the first goal moves the second to its place, and the
/// reminders follow the dates now at each place.
/// </summary>
internal static class DateReminders
{
    /// <summary>The hour of the day a date is reminded of, in the organisation's time.</summary>
    public static readonly TimeOnly Hour = new(9, 0);

    /// <summary>Plans again the date reminders of every step that reminds of dates in <paramref name="form"/>, after <paramref name="writer"/> wrote it.</summary>
    public static void Plan(Run run, string writer, string form)
    {
        if (run.DryRun is not null)
        {
            // A dry run has no dates: nothing to remind of.
            return;
        }

        foreach (var step in run.Process.Steps.Values)
        {
            if (StepTasks.SpecOf(step) is not { DateReminders.Count: > 0 } spec || spec.Form != form)
            {
                continue;
            }

            // A step's reminders start when it has written the form itself; from then on every write of the form counts.
            var plans = run.State.DatePlans?.GetValueOrDefault(step.Id);
            if (plans is null && step.Id != writer)
            {
                continue;
            }

            run.State.DatePlans ??= new(StringComparer.Ordinal);
            plans ??= run.State.DatePlans[step.Id] = new(StringComparer.Ordinal);
            var wanted = Wanted(run, spec, run.State.Forms[form]);
            foreach (var gone in plans.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                // Its timer finds no plan naming it and does nothing.
                plans.Remove(gone);
            }

            foreach (var (key, (rule, pointer, items, date, at)) in wanted)
            {
                if (plans.TryGetValue(key, out var planned) && planned.At == at.ToUnixTimeMilliseconds())
                {
                    continue;
                }

                var timer = run.Schedule(TimerKind.DateReminder, step.Id, 0, at, taskId: null, new JsonObject
                {
                    ["key"] = key,
                    ["rule"] = rule,
                    ["field"] = pointer,
                    ["items"] = new JsonArray([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]),
                });
                plans[key] = new PlannedDate(timer, date, at.ToUnixTimeMilliseconds());
            }
        }
    }

    /// <summary>Whether the timer is the one planned now for its date: a timer of a date since moved, cleared or removed is not.</summary>
    public static bool IsPlanned(Run run, TimerRow timer, JsonObject payload) =>
        (string?)payload["key"] is { } key
        && run.State.DatePlans?.GetValueOrDefault((string)payload["step"]!)?.GetValueOrDefault(key) is { } planned
        && planned.Timer == timer.Id;

    /// <summary>
    /// Sends the reminder of one date: a <c>plan.date-reminder</c> notice to each of the rule's people, and a journal
    /// entry. A rule with <c>after</c> sends a <c>plan.action-overdue</c> alert instead, with the plan's support actions —
    /// unless a check-in since marked the item done (<see cref="PlanActions"/>), which the journal records.
    /// </summary>
    public static async Task FireAsync(Run run, Step step, TimerRow timer, JsonObject payload)
    {
        var spec = StepTasks.SpecOf(step)!;
        var rule = spec.DateReminders[(int)payload["rule"]!];
        var pointer = (string)payload["field"]!;
        var items = payload["items"]!.AsArray().Select(i => (int)i!).ToList();
        var planned = run.State.DatePlans![step.Id][(string)payload["key"]!];
        var form = run.State.Forms.GetValueOrDefault(spec.Form) ?? [];
        var item = rule.Text?.ValueAt(form, items) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var people = new List<string>();
        foreach (var to in rule.To)
        {
            // As a notify step: a relationship that names nobody sends nothing, a role names everyone with it.
            foreach (var person in await run.People.ResolveAsync(to, run.Instance.SubjectId))
            {
                if (!people.Contains(person.Id))
                {
                    people.Add(person.Id);
                }
            }
        }

        var overdue = rule.After is not null;
        if (overdue && PlanActions.Latest(PlanActions.CheckIns(run), item) is { Done: true })
        {
            run.Journal("date.done", step.Id, step.Id, new JsonObject { ["field"] = pointer, ["date"] = planned.Date }, "system");
            return;
        }

        var support = overdue ? PlanAlerts.Support(run, rule.Support) : null;
        foreach (var person in people)
        {
            run.Notify(new Notice(overdue ? NoticeEvent.ActionOverdue : NoticeEvent.DateReminder, person, Notice.Key($"{timer.Id}:{person}"))
            {
                Step = step.Id,
                Field = pointer,
                Date = planned.Date,
                Item = item,
                Support = support,
                SupportField = rule.Support?.ToString(),
            });
        }

        run.Journal(overdue ? "date.overdue" : "date.reminded", step.Id, step.Id, new JsonObject
        {
            ["field"] = pointer,
            ["date"] = planned.Date,
            ["to"] = new JsonArray([.. people.Select(p => (JsonNode?)JsonValue.Create(p))]),
        }, "system");
    }

    /// <summary>
    /// The moment a date written in a form stands for: a date (<c>2027-03-15</c>) at 09:00 China Standard Time, a
    /// date-time (<c>2027-03-15T14:00:00+08:00</c>) as written; null for anything else.
    /// </summary>
    public static DateTimeOffset? Moment(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(Hour);
            return new DateTimeOffset(local, Notifications.NotificationModel.Shanghai.GetUtcOffset(local));
        }

        return text.Length >= 20 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    // The reminders the form asks for now, by key: each date of each rule whose reminder still lies ahead.
    private static Dictionary<string, (int Rule, string Pointer, IReadOnlyList<int> Items, string Date, DateTimeOffset At)> Wanted(Run run, TaskSpec spec, JsonObject form)
    {
        var wanted = new Dictionary<string, (int, string, IReadOnlyList<int>, string, DateTimeOffset)>(StringComparer.Ordinal);
        for (var i = 0; i < spec.DateReminders.Count; i++)
        {
            var rule = spec.DateReminders[i];
            foreach (var (pointer, items, value) in rule.Field.Values(form))
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var date) && Moment(date) is { } moment
                    && (rule.After is { } after ? after.AddTo(moment) : rule.Before.SubtractFrom(moment)) is var at && at > run.Now)
                {
                    wanted[i.ToString(CultureInfo.InvariantCulture) + pointer] = (i, pointer, items, date, at);
                }
            }
        }

        return wanted;
    }
}
