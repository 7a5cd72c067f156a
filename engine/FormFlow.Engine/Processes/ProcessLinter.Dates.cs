using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>
/// The checks of what reads form fields as times: a step's <c>dateReminders</c> (a date field of its form it may read)
/// and a recurring step's period chosen by a field (<c>every.field</c>, each of its options given a period).
/// </summary>
internal static partial class ProcessLinter
{
    private static IEnumerable<LintFinding> DateReminderFields(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            var step = source.Graph[id];
            if (TaskOf(step) is not { DateReminders.Count: > 0 } task || source.Templates.GetValueOrDefault(task.Form) is not { } template)
            {
                continue;
            }

            var tokens = (JArray)source.StepObject(id)["dateReminders"]!;
            for (var i = 0; i < task.DateReminders.Count; i++)
            {
                var reminder = task.DateReminders[i];
                var token = (JObject)tokens[i];
                var node = template.Fields.Find(reminder.Field.Text);
                if (node is null)
                {
                    yield return Finding(
                        "process.date-field-unknown",
                        token["field"]!,
                        $"步骤「{id}」的日期提醒：表单「{task.Form}」的模板没有字段「{reminder.Field}」",
                        $"The date reminder of the step \"{id}\": the template of the form \"{task.Form}\" has no field \"{reminder.Field}\"");
                    continue;
                }

                if (FormatOf(node) is not ("date" or "date-time"))
                {
                    yield return Finding(
                        "process.date-field-not-date",
                        token["field"]!,
                        $"步骤「{id}」的日期提醒：字段「{reminder.Field}」不是日期（format 应为 date 或 date-time）",
                        $"The date reminder of the step \"{id}\": the field \"{reminder.Field}\" is not a date (its format should be date or date-time)");
                }

                if (!StepReads(step, template, reminder.Field.TopLevel))
                {
                    yield return Finding(
                        "process.date-field-unreadable",
                        token["field"]!,
                        $"步骤「{id}」的日期提醒：此步骤不读也不写字段「{reminder.Field}」所在的部分",
                        $"The date reminder of the step \"{id}\": the step neither reads nor writes the section holding the field \"{reminder.Field}\"");
                }

                if (reminder.Text is { } text
                    && TextBesideFinding(template, task.Form, text, reminder.Field, token["text"]!, "process.date-field-unknown", "process.date-text-not-in-item", ($"步骤「{id}」的日期提醒", $"The date reminder of the step \"{id}\"")) is { } beside)
                {
                    yield return beside;
                }
            }
        }
    }

    private static IEnumerable<LintFinding> PeriodsFromFields(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not RecurringStep { EveryFrom: { } every } || source.Templates.GetValueOrDefault(every.Form) is not { } template)
            {
                continue;
            }

            var token = (JObject)source.StepObject(id)["every"]!;
            var node = template.Fields.Properties.GetValueOrDefault(every.Field);
            if (node is null || node.StringOptions.Count == 0)
            {
                yield return Finding(
                    "process.every-field-unknown",
                    token["field"]!,
                    node is null
                        ? $"步骤「{id}」的重复间隔：表单「{every.Form}」的模板没有字段「{every.Field}」"
                        : $"步骤「{id}」的重复间隔：字段「{every.Field}」不是选项字段（没有 enum），无法对应间隔",
                    node is null
                        ? $"The period of the step \"{id}\": the template of the form \"{every.Form}\" has no field \"{every.Field}\""
                        : $"The period of the step \"{id}\": the field \"{every.Field}\" has no options (no enum) to give periods to");
                continue;
            }

            var unmapped = node.StringOptions.Where(o => !every.Map.ContainsKey(o)).Order(StringComparer.Ordinal).ToList();
            var extra = every.Map.Keys.Where(k => !node.StringOptions.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (unmapped.Count > 0 || extra.Count > 0)
            {
                var zh = unmapped.Count > 0 ? $"选项{ZhList(unmapped)}没有对应的间隔" : $"{ZhList(extra)}不是字段的选项";
                var en = unmapped.Count > 0 ? $"the options {EnList(unmapped)} have no period" : $"{EnList(extra)} are not options of the field";
                yield return Finding(
                    "process.every-value-unmapped",
                    token["map"]!,
                    $"步骤「{id}」的重复间隔：字段「{every.Form}.{every.Field}」的{zh}",
                    $"The period of the step \"{id}\" from \"{every.Form}.{every.Field}\": {en}");
            }

            if (every.Default is null && !template.RequiredFields.Contains(every.Field))
            {
                yield return Finding(
                    "process.every-field-may-be-empty",
                    token["field"]!,
                    $"步骤「{id}」的重复间隔：字段「{every.Form}.{every.Field}」可以不填，又没有 default；为空时进入该步骤会失败",
                    $"The period of the step \"{id}\": the field \"{every.Form}.{every.Field}\" may be left empty and there is no default; entering the step then fails",
                    LintSeverity.Warning);
            }
        }
    }

    // The text shown beside a watched field (a date reminder's, an alert's): a field of the template, in the same item.
    private static LintFinding? TextBesideFinding(FormTemplate template, string form, FieldPath text, FieldPath field, JToken token, string unknownCode, string notInItemCode, (string Zh, string En) owner)
    {
        if (template.Fields.Find(text.Text) is null)
        {
            return Finding(
                unknownCode,
                token,
                $"{owner.Zh}：表单「{form}」的模板没有字段「{text}」",
                $"{owner.En}: the template of the form \"{form}\" has no field \"{text}\"");
        }

        return text.Item != field.Item
            ? Finding(notInItemCode, token, $"{owner.Zh}：text「{text}」与「{field}」不在同一条目中", $"{owner.En}: the text \"{text}\" is not in the same item as \"{field}\"")
            : null;
    }

    private static string? FormatOf(FieldNode node) =>
        node.DeclaredAt is JProperty { Value: JObject schema } && schema["format"] is JValue { Value: string format } ? format : null;

    // Whether some part of the step reads or writes the section holding a top-level field.
    private static bool StepReads(Step step, FormTemplate template, string field)
    {
        var sections = template.Sections.Where(s => s.Fields.Contains(field, StringComparer.Ordinal)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return StepTasks.AccessesOf(step).Any(part => part.Access.ReadsAll || part.Access.Read.Concat(part.Access.Write).Any(sections.Contains));
    }
}
