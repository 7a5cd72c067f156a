using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>
/// The checks of a step's <c>alerts</c> (an option field of what the step hands in, the values it alerts on, the item
/// text beside it) and of the <c>support</c> field an alert or an overdue date reminder lists.
/// </summary>
internal static partial class ProcessLinter
{
    private static IEnumerable<LintFinding> AlertFields(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            var step = source.Graph[id];
            if (TaskOf(step) is not { } task || source.Templates.GetValueOrDefault(task.Form) is not { } template)
            {
                continue;
            }

            var stepObject = source.StepObject(id);
            if (task.Alerts.Count > 0)
            {
                var tokens = (JArray)stepObject["alerts"]!;
                for (var i = 0; i < task.Alerts.Count; i++)
                {
                    var alert = task.Alerts[i];
                    var token = (JObject)tokens[i];
                    foreach (var finding in AlertFindings(source, step, task.Form, template, alert, token))
                    {
                        yield return finding;
                    }
                }
            }

            if (task.DateReminders.Count > 0)
            {
                var tokens = (JArray)stepObject["dateReminders"]!;
                for (var i = 0; i < task.DateReminders.Count; i++)
                {
                    if (task.DateReminders[i].Support is { } support && SupportFinding(source, id, support, tokens[i]["support"]!) is { } finding)
                    {
                        yield return finding;
                    }
                }
            }
        }
    }

    private static IEnumerable<LintFinding> AlertFindings(Source source, Step step, string form, FormTemplate template, ItemAlert alert, JObject token)
    {
        var id = step.Id;
        var node = template.Fields.Find(alert.Field.Text);
        if (node is null)
        {
            yield return Finding(
                "process.alert-field-unknown",
                token["field"]!,
                $"步骤「{id}」的提醒：表单「{form}」的模板没有字段「{alert.Field}」",
                $"The alert of the step \"{id}\": the template of the form \"{form}\" has no field \"{alert.Field}\"");
            yield break;
        }

        if (node.StringOptions.Count == 0)
        {
            yield return Finding(
                "process.alert-field-not-options",
                token["field"]!,
                $"步骤「{id}」的提醒：字段「{alert.Field}」不是选项字段（没有 enum）",
                $"The alert of the step \"{id}\": the field \"{alert.Field}\" has no options (no enum)");
        }
        else if (alert.Is.Where(v => !node.StringOptions.Contains(v)).ToList() is { Count: > 0 } unknown)
        {
            yield return Finding(
                "process.alert-value-unknown",
                token["is"]!,
                $"步骤「{id}」的提醒：{ZhList(unknown)}不是字段「{alert.Field}」的选项",
                $"The alert of the step \"{id}\": {EnList(unknown)} are not options of the field \"{alert.Field}\"");
        }

        var sections = template.Sections.Where(s => s.Fields.Contains(alert.Field.TopLevel, StringComparer.Ordinal)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        if (!StepTasks.AccessesOf(step).Any(part => part.Access.Write.Any(sections.Contains)))
        {
            yield return Finding(
                "process.alert-field-not-written",
                token["field"]!,
                $"步骤「{id}」的提醒：此步骤不写字段「{alert.Field}」所在的部分，提交时不会有它",
                $"The alert of the step \"{id}\": the step does not write the section holding the field \"{alert.Field}\", so nothing handed in holds it");
        }

        if (alert.Text is { } text
            && TextBesideFinding(template, form, text, alert.Field, token["text"]!, "process.alert-field-unknown", "process.alert-text-not-in-item", ($"步骤「{id}」的提醒", $"The alert of the step \"{id}\"")) is { } beside)
        {
            yield return beside;
        }

        if (alert.Support is { } support && SupportFinding(source, id, support, token["support"]!) is { } finding)
        {
            yield return finding;
        }
    }

    private static LintFinding? SupportFinding(Source source, string id, FormField support, JToken token) =>
        source.Templates.GetValueOrDefault(support.Form) is { } template && template.Fields.Find(support.Path.Text) is null
            ? Finding(
                "process.support-field-unknown",
                token,
                $"步骤「{id}」：表单「{support.Form}」的模板没有字段「{support.Path}」",
                $"The step \"{id}\": the template of the form \"{support.Form}\" has no field \"{support.Path}\"")
            : null;
}
