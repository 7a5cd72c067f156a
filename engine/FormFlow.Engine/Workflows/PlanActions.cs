using System.Text.Json.Nodes;
using FormFlow.Processes;

namespace FormFlow.Workflows;

/// <summary>
/// Where each action of a plan stands, as the instance's latest check-ins say: an action is known by its text, and a
/// check-in line speaks of it when it writes the action as the plan does (the check-in asks for that). The manager's mark
/// (<c>action_marks</c>) outweighs the employee's own status (<c>goals</c>, then <c>plan_actions</c>) of the same check-in;
/// a later check-in outweighs an earlier one. The overdue alerts (<see cref="DateReminders"/>) and the follow-up report
/// read it here, so both say the same.
/// </summary>
internal static class PlanActions
{
    /// <summary>The latest check-in status of the action written <paramref name="text"/>, or null when no check-in speaks of it.</summary>
    public static CheckInMark? Latest(IEnumerable<(long At, JsonObject Data)> checkIns, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (at, data) in checkIns.OrderByDescending(c => c.At))
        {
            foreach (var (list, name, byManager) in Lines)
            {
                if (data[list] is not JsonArray items)
                {
                    continue;
                }

                foreach (var item in items.OfType<JsonObject>())
                {
                    if (Same(Text(item[name]), text) && Text(item["status"]) is { Length: > 0 } status)
                    {
                        return new CheckInMark(status, byManager, at);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The check-ins <paramref name="run"/>'s instance holds: every answer of its recurring steps and the forms its review steps wrote on the check-in.</summary>
    public static IEnumerable<(long At, JsonObject Data)> CheckIns(Run run) =>
        run.State.Responses
            .Where(r => run.Process.Steps.GetValueOrDefault(r.Key) is RecurringStep)
            .SelectMany(r => r.Value.Select(response => (response.At, response.Data)));

    /// <summary>The check-ins in an instance's answers as a reader sees them (<see cref="InstanceDetails.Answers"/>).</summary>
    public static IEnumerable<(long At, JsonObject Data)> CheckIns(ProcessDefinition process, JsonObject answers) =>
        answers
            .Where(a => process.Steps.GetValueOrDefault(a.Key) is RecurringStep && a.Value is JsonArray)
            .SelectMany(a => a.Value!.AsArray().OfType<JsonObject>())
            .Where(r => r["data"] is JsonObject)
            .Select(r => ((long?)r["at"] ?? 0, r["data"]!.AsObject()));

    // The check-in lines that speak of an action, the manager's first.
    private static readonly (string List, string Name, bool ByManager)[] Lines =
        [("action_marks", "goal", true), ("goals", "goal", false), ("plan_actions", "action", false)];

    private static bool Same(string? line, string text) =>
        line is not null && string.Equals(line.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>A check-in's word on an action: its status, whether the manager marked it, and when.</summary>
internal sealed record CheckInMark(string Status, bool ByManager, long At)
{
    public bool Done => Status == CheckInStatuses.Done;
}
