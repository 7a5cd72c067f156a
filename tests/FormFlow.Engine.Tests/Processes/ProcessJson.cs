using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Tests.Processes;

/// <summary>
/// Builds process documents for tests: a small valid annual interview (the employee fills the record and the
/// manager reviews it, a low rating goes to the skip-level, both confirm) that each test bends in the one way
/// it is about.
/// </summary>
internal sealed class ProcessJson
{
    private readonly JsonObject document = (JsonObject)JsonNode.Parse("""
        {
          "key": "annual-interview",
          "title": { "zh-CN": "年度绩效面谈", "en": "Annual performance interview" },
          "forms": { "record": "interview-record" },
          "start": "fill-record",
          "steps": {
            "fill-record": {
              "kind": "review",
              "form": "record",
              "author": "subject",
              "reviewer": "manager",
              "write": ["went-well", "to-improve", "plan"],
              "reviewerRead": "*",
              "reviewerWrite": ["feedback", "rating"],
              "due": { "after": "P14D" },
              "reminders": [{ "after": "P7D" }, { "before": "P2D" }],
              "escalation": { "after": "P1D", "action": "copy-superior" },
              "next": "check-rating"
            },
            "check-rating": {
              "kind": "decision",
              "branches": [{ "when": "forms.record.overall_rating <= 2", "next": "skip-approval" }],
              "otherwise": "confirm"
            },
            "skip-approval": {
              "kind": "approval",
              "approvers": ["skip-level"],
              "form": "record",
              "read": "*",
              "next": "confirm",
              "returnTo": "fill-record"
            },
            "confirm": {
              "kind": "confirmation",
              "form": "record",
              "parties": [
                { "assignee": "subject", "read": "*", "write": ["confirmation"] },
                { "assignee": "manager", "read": "*", "write": [] }
              ],
              "next": "done",
              "returnTo": "fill-record"
            },
            "done": { "kind": "end" }
          }
        }
        """)!;

    /// <summary>Sets the value at a slash-separated path (<c>steps/confirm/next</c>), creating objects on the way.</summary>
    public ProcessJson With(string path, JsonNode? value)
    {
        JsonEdits.Set(document, path, value);
        return this;
    }

    /// <summary>Sets the value at a path from JSON text: <c>WithJson("steps/confirm/parties/1/read", """["rating"]""")</c>.</summary>
    public ProcessJson WithJson(string path, string json) => With(path, JsonNode.Parse(json));

    /// <summary>Adds a step after the others, or replaces the step of that id in its place.</summary>
    public ProcessJson WithStep(string id, string json) => WithJson("steps/" + id, json);

    public ProcessJson Without(string path)
    {
        JsonEdits.Remove(document, path);
        return this;
    }

    public string Build() => document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public override string ToString() => Build();
}
