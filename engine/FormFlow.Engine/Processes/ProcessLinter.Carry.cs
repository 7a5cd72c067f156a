using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>The checks of a start-process step's <c>carry</c> (docs/processes.md, "start-process").</summary>
internal static partial class ProcessLinter
{
    // What a carry copies must exist in this process: the form, and the field in its template. (The other end belongs
    // to the process started, checked where it is known: CarryTargets.)
    private static IEnumerable<LintFinding> CarrySources(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not StartProcessStep { Carry.Count: > 0 } start)
            {
                continue;
            }

            var entries = (JArray)source.StepObject(id)["carry"]!;
            for (var i = 0; i < start.Carry.Count; i++)
            {
                var carry = start.Carry[i];
                var token = entries[i]!["from"]!;
                if (!source.Process.Forms.ContainsKey(carry.FromForm))
                {
                    yield return Finding(
                        "process.carry-unknown-source",
                        token,
                        $"步骤「{id}」要把「{carry.From}」带入流程「{start.Process}」的「{carry.To}」，但本流程的 forms 中没有表单「{carry.FromForm}」",
                        $"The step \"{id}\" carries \"{carry.From}\" into \"{carry.To}\" of the process \"{start.Process}\", but this process declares no form \"{carry.FromForm}\" in forms");
                }
                else if (carry.FromField is { } field && source.Templates[carry.FromForm] is { } template && !Carry.HasField(template, field))
                {
                    yield return Finding(
                        "process.carry-unknown-source",
                        token,
                        $"步骤「{id}」要把「{carry.From}」带入流程「{start.Process}」的「{carry.To}」，但表单「{carry.FromForm}」（模板「{template.Key}」）没有顶层字段「{field}」",
                        $"The step \"{id}\" carries \"{carry.From}\" into \"{carry.To}\" of the process \"{start.Process}\", but the form \"{carry.FromForm}\" (template \"{template.Key}\") has no top-level field \"{field}\"");
                }
            }
        }
    }

    /// <summary>
    /// The carry of <paramref name="start"/> against the process it starts, <paramref name="target"/> (published, or
    /// published with this one): its forms and fields must exist (<c>process.carry-unknown-target</c>) and take what is
    /// carried (<c>process.carry-mismatch</c>). A source that does not exist is left to <c>process.carry-unknown-source</c>.
    /// </summary>
    public static IEnumerable<LintFinding> CarryTargets(
        JObject document,
        StartProcessStep start,
        Func<string, FormTemplate?> sourceTemplate,
        ProcessDefinition target,
        Func<string, FormTemplate?> targetTemplate)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(sourceTemplate);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetTemplate);
        var entries = (JArray)document["steps"]![start.Id]!["carry"]!;
        for (var i = 0; i < start.Carry.Count; i++)
        {
            var carry = start.Carry[i];
            if (sourceTemplate(carry.FromForm) is not { } source || (carry.FromField is { } from && !Carry.HasField(source, from)))
            {
                continue;
            }

            var into = target.Forms.ContainsKey(carry.ToForm) ? targetTemplate(carry.ToForm) : null;
            if (!target.Forms.ContainsKey(carry.ToForm) || (into is not null && carry.ToField is { } to && !Carry.HasField(into, to)))
            {
                var missing = target.Forms.ContainsKey(carry.ToForm)
                    ? ($"表单「{carry.ToForm}」（模板「{into!.Key}」）没有顶层字段「{carry.ToField}」", $"the form \"{carry.ToForm}\" (template \"{into.Key}\") has no top-level field \"{carry.ToField}\"")
                    : ($"该流程没有表单「{carry.ToForm}」", $"that process has no form \"{carry.ToForm}\"");
                yield return Finding(
                    "process.carry-unknown-target",
                    entries[i]!["to"]!,
                    $"步骤「{start.Id}」要把「{carry.From}」带入流程「{start.Process}」的「{carry.To}」，但{missing.Item1}",
                    $"The step \"{start.Id}\" carries \"{carry.From}\" into \"{carry.To}\" of the process \"{start.Process}\", but {missing.Item2}");
            }
            else if (into is not null && carry.Mismatch(start.Id, source, start.Process, into) is { } reason)
            {
                yield return TemplateJson.Finding("process.carry-mismatch", entries[i]!, reason);
            }
        }
    }
}
