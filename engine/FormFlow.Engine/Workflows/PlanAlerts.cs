using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// A step's <c>alerts</c>: when a task hands in items in a state someone must hear about at once (a check-in's goal
/// off track), each person the alert names — but the one who handed it in — gets one <c>plan.off-track</c> notice
/// listing those items and the plan's support actions, so the conversation can start from what was promised.
/// </summary>
internal static class PlanAlerts
{
    /// <summary>Raises the alerts of <paramref name="step"/> on what <paramref name="task"/> handed in.</summary>
    public static async Task RaiseAsync(Run run, Step step, TaskRow task, JsonObject handedIn)
    {
        if (StepTasks.SpecOf(step) is not { Alerts.Count: > 0 } spec || run.DryRun is not null)
        {
            return;
        }

        for (var i = 0; i < spec.Alerts.Count; i++)
        {
            var alert = spec.Alerts[i];
            var items = new List<string>();
            foreach (var (_, places, value) in alert.Field.Values(handedIn))
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var state) && alert.Is.Contains(state, StringComparer.Ordinal))
                {
                    items.Add(alert.Text?.ValueAt(handedIn, places) is JsonValue t && t.TryGetValue<string>(out var text) ? text : state);
                }
            }

            if (items.Count == 0)
            {
                continue;
            }

            var support = Support(run, alert.Support);
            var people = new List<string>();
            foreach (var to in alert.To)
            {
                foreach (var person in await run.People.ResolveAsync(to, run.Instance.SubjectId))
                {
                    if (person.Id != task.AssigneeId && !people.Contains(person.Id))
                    {
                        people.Add(person.Id);
                    }
                }
            }

            foreach (var person in people)
            {
                run.Notify(new Notice(NoticeEvent.OffTrack, person, Notice.Key($"{task.Id}:alert:{i}:{person}")) { Step = step.Id, Items = items, Support = support, SupportField = alert.Support?.ToString(), Field = alert.Field.Text });
            }

            run.Journal("plan.alerted", step.Id, step.Id, new JsonObject
            {
                ["task"] = task.Id,
                ["field"] = alert.Field.Text,
                ["items"] = items.Count,
                ["to"] = new JsonArray([.. people.Select(p => (JsonNode?)JsonValue.Create(p))]),
            }, "system");
        }
    }

    /// <summary>The texts a <c>support</c> field holds now in the instance's form (the plan's support actions), in order.</summary>
    public static IReadOnlyList<string> Support(Run run, FormField? field)
    {
        if (field is null || run.State.Forms.GetValueOrDefault(field.Form) is not { } form)
        {
            return [];
        }

        return [.. field.Path.Values(form)
            .Select(v => v.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null)
            .OfType<string>()
            .Where(t => t.Length > 0)];
    }
}
