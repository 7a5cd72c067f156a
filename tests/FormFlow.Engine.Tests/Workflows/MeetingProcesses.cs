namespace FormFlow.Tests.Workflows;

/// <summary>The small processes the meeting tests book interviews in.</summary>
internal static class MeetingProcesses
{
    /// <summary>
    /// The preparation written by the manager and reviewed by the skip-level (who reads all of it and may send it back,
    /// so the meeting moves from one round to the next), then a month's wait before the end.
    /// </summary>
    public const string Booking = """
        {
          "key": "interview-booking",
          "title": { "zh-CN": "面谈预约", "en": "Interview booking" },
          "forms": { "prep": "interview-preparation-333" },
          "start": "prepare",
          "steps": {
            "prepare": {
              "kind": "review",
              "title": { "zh-CN": "面谈准备", "en": "Interview preparation" },
              "form": "prep",
              "author": "manager",
              "reviewer": "skip-level",
              "write": ["checklist", "strengths", "gaps", "support"],
              "reviewerRead": "*",
              "meeting": { "at": "meeting_at", "place": "meeting_place", "agenda": "agenda", "duration": "PT45M", "with": ["subject", "manager"] },
              "next": "later"
            },
            "later": { "kind": "wait", "for": "P30D", "next": "done" },
            "done": { "kind": "end" }
          }
        }
        """;
}
