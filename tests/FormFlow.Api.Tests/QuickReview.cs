using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// A one-step process for tests that drive a review through the API or the pages: the employee's self-review, which
/// the manager reviews — returns with field comments, or approves — before the process ends.
/// </summary>
internal static class QuickReview
{
    public const string Key = "quick-review";
    public const string TitleZh = "快速自评";
    public const string StepZh = "自评与上级审阅";
    public const string StepEn = "Self-review and the manager's review";

    /// <summary>
    /// The process under <paramref name="key"/>, due 14 days after the cycle starts; with <paramref name="reminder"/> a
    /// reminder two days before, with <paramref name="escalation"/> the superior copied once it is overdue.
    /// </summary>
    public static JsonObject Definition(string key = Key, bool reminder = false, bool escalation = false) =>
        Definition(key, reminder ? "P2D" : null, escalation, due: null);

    /// <summary>
    /// The process with real durations short enough to pass while a test runs: each task (the self-review, then the
    /// manager's review) due <paramref name="due"/> after it opens (an ISO 8601 duration; null: 14 days after the
    /// cycle starts), reminded <paramref name="reminderBefore"/> before, the superior copied once it is overdue
    /// (<paramref name="escalation"/>).
    /// </summary>
    public static JsonObject Definition(string key, string? reminderBefore, bool escalation, string? due)
    {
        var definition = JsonNode.Parse($$"""
            {
              "key": "{{key}}",
              "title": { "zh-CN": "{{TitleZh}}", "en": "Quick self-review" },
              "forms": { "self": "self-review" },
              "start": "self",
              "steps": {
                "self": {
                  "kind": "review",
                  "title": { "zh-CN": "{{StepZh}}", "en": "{{StepEn}}" },
                  "form": "self",
                  "author": "subject",
                  "write": ["basics", "results", "reflection", "overall"],
                  "reviewer": "manager",
                  "due": { "from": "cycle-start", "after": "P14D" },
                  "next": "end"
                },
                "end": { "kind": "end" }
              }
            }
            """)!.AsObject();
        var step = definition["steps"]!["self"]!.AsObject();
        if (due is not null)
        {
            step["due"] = new JsonObject { ["after"] = due };
        }

        if (reminderBefore is not null)
        {
            step["reminders"] = new JsonArray(new JsonObject { ["before"] = reminderBefore });
        }

        if (escalation)
        {
            step["escalation"] = new JsonObject { ["action"] = "copy-superior" };
        }

        return definition;
    }
}
