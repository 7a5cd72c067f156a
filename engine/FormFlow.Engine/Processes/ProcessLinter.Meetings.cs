using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>The checks of a step's <c>meeting</c> against its form (docs/processes.md, "meeting").</summary>
internal static partial class ProcessLinter
{
    // The fields a meeting names exist at the top of the step's form, its time is a date-time the step writes, its
    // place and agenda are texts the step's people read (they go out to everyone invited).
    private static IEnumerable<LintFinding> MeetingFields(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            var step = source.Graph[id];
            if (TaskOf(step) is not { Meeting: { } meeting } task || source.Templates[task.Form] is not { } template)
            {
                continue;
            }

            var members = (JObject)source.StepObject(id)["meeting"]!;
            var sectionOf = template.Sections.SelectMany(s => s.Fields.Select(f => (Field: f, Section: s.Key)))
                .GroupBy(f => f.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Section, StringComparer.Ordinal);
            var (reads, writes) = MeetingAccess(step, template);
            foreach (var (member, field) in meeting.Fields)
            {
                var token = members[member]!;
                var label = template.LabelOf(field) is { } text ? text : new Text.LocalizedText(field, field);
                if (!sectionOf.TryGetValue(field, out var section))
                {
                    yield return Finding(
                        "process.meeting-field-unknown",
                        token,
                        $"步骤「{id}」的会议 {member}：表单「{task.Form}」（模板「{template.Key}」）没有顶层字段「{field}」",
                        $"The meeting's {member} of the step \"{id}\": the form \"{task.Form}\" (template \"{template.Key}\") has no top-level field \"{field}\"");
                    continue;
                }

                var schema = template.Schema["properties"]?[field];
                if (member == "at" && ((string?)schema?["type"] != "string" || (string?)schema?["format"] != "date-time"))
                {
                    yield return Finding(
                        "process.meeting-field-not-date-time",
                        token,
                        $"步骤「{id}」的会议时间「{label.ZhCn}」（{field}）不是日期时间字段（type: string, format: date-time）",
                        $"The meeting time \"{label.En}\" ({field}) of the step \"{id}\" is not a date-time field (type: string, format: date-time)");
                }
                else if (member != "at" && (string?)schema?["type"] != "string")
                {
                    yield return Finding(
                        "process.meeting-field-not-text",
                        token,
                        $"步骤「{id}」的会议 {member}「{label.ZhCn}」（{field}）不是文本字段",
                        $"The meeting's {member} \"{label.En}\" ({field}) of the step \"{id}\" is not a text field");
                }

                if (member == "at" && !writes.Contains(section))
                {
                    yield return Finding(
                        "process.meeting-field-unwritten",
                        token,
                        $"步骤「{id}」不填写会议时间「{label.ZhCn}」（{field}）所在的部分「{section}」，无法预约会议",
                        $"The step \"{id}\" does not write the section \"{section}\" holding the meeting time \"{label.En}\" ({field}), so it can never book the meeting");
                }
                else if (member != "at" && !reads.Contains(section))
                {
                    yield return Finding(
                        "process.meeting-field-unread",
                        token,
                        $"步骤「{id}」的处理人读不到会议 {member}「{label.ZhCn}」（{field}）所在的部分「{section}」，却要把它发给受邀者",
                        $"The people of the step \"{id}\" do not read the section \"{section}\" holding the meeting's {member} \"{label.En}\" ({field}), yet it would go out to everyone invited");
                }
            }
        }
    }

    // The sections some part of the step reads, and those it writes.
    private static (HashSet<string> Reads, HashSet<string> Writes) MeetingAccess(Step step, FormTemplate template)
    {
        var all = template.Sections.Select(s => s.Key).ToList();
        var parts = step switch
        {
            ReviewStep review => [review.Task.Access, StepTasks.ReviewerAccess(review)],
            _ => new[] { TaskOf(step)!.Access },
        };
        var writes = parts.SelectMany(a => a.Write).ToHashSet(StringComparer.Ordinal);
        var reads = parts.SelectMany(a => a.ReadsAll ? all : a.Read).Concat(writes).ToHashSet(StringComparer.Ordinal);
        return (reads, writes);
    }
}
