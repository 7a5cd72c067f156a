using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>
/// What a <c>start-process</c> step copies into the instance it starts (<c>"carry": [{ "from": "idp", "to": "idp" }]</c>):
/// a whole form of this instance (<see cref="FromField"/> null) into a form of the new one, or one top-level field into a
/// top-level field. Copied when the step is reached, before the new instance's first step runs.
/// </summary>
internal sealed record Carry(string FromForm, string? FromField, string ToForm, string? ToField)
{
    public string From => FromField is null ? FromForm : $"{FromForm}.{FromField}";

    public string To => ToField is null ? ToForm : $"{ToForm}.{ToField}";

    /// <summary>
    /// Why what <paramref name="source"/> holds cannot go where <paramref name="target"/> (a form of <paramref name="process"/>)
    /// takes it: a whole form needs the same template on both sides, a field the same schema (its JSON, with the
    /// definitions it refers to). Null when it fits. Asked by lint (<c>process.carry-mismatch</c>) and again at run time,
    /// since the target may have been published again since.
    /// </summary>
    public LocalizedText? Mismatch(string step, FormTemplate source, string process, FormTemplate? target)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (target is null)
        {
            return new($"步骤「{step}」把「{From}」带入流程「{process}」的「{To}」，但该流程没有表单「{ToForm}」",
                $"The step \"{step}\" carries \"{From}\" into \"{To}\" of the process \"{process}\", which has no form \"{ToForm}\"");
        }

        if (FromField is null)
        {
            return source.Key == target.Key ? null : new(
                $"步骤「{step}」把表单「{From}」（模板「{source.Key}」）带入流程「{process}」的表单「{To}」（模板「{target.Key}」）：整份表单只能带入同一模板的表单",
                $"The step \"{step}\" carries the form \"{From}\" (template \"{source.Key}\") into the form \"{To}\" (template \"{target.Key}\") of the process \"{process}\": a whole form goes only into a form of the same template");
        }

        var targetSchema = FieldSchema(target, ToField!);
        if (targetSchema is null)
        {
            return new($"步骤「{step}」把「{From}」带入流程「{process}」的「{To}」，但表单「{ToForm}」（模板「{target.Key}」）没有顶层字段「{ToField}」",
                $"The step \"{step}\" carries \"{From}\" into \"{To}\" of the process \"{process}\", but the form \"{ToForm}\" (template \"{target.Key}\") has no top-level field \"{ToField}\"");
        }

        return FieldSchema(source, FromField) is { } sourceSchema && JToken.DeepEquals(sourceSchema, targetSchema) ? null : new(
            $"步骤「{step}」把字段「{From}」（模板「{source.Key}」）带入流程「{process}」的字段「{To}」（模板「{target.Key}」）：两边字段的定义（schema）不同",
            $"The step \"{step}\" carries the field \"{From}\" (template \"{source.Key}\") into the field \"{To}\" (template \"{target.Key}\") of the process \"{process}\": the two fields are defined differently (their schemas differ)");
    }

    /// <summary>Whether <paramref name="template"/> has the top-level field <paramref name="field"/>.</summary>
    public static bool HasField(FormTemplate template, string field) => FieldSchema(template, field) is not null;

    // The field's schema with each definition it refers to ($ref "#/definitions/kpi"), so that two templates whose
    // fields both say "$ref": "#/definitions/kpi" but define kpi differently do not pass for the same.
    private static JObject? FieldSchema(FormTemplate template, string field)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Schema["properties"]?[field] is not JObject schema)
        {
            return null;
        }

        var referred = new JObject();
        var pending = new Queue<JContainer>([schema]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var reference in node.DescendantsAndSelf().OfType<JProperty>().Where(p => p.Name == "$ref").Select(p => (string?)(p.Value as JValue)).OfType<string>())
            {
                var path = reference.StartsWith("#/", StringComparison.Ordinal) ? reference[2..].Split('/') : [];
                JToken? target = path.Length > 0 ? template.Schema : null;
                foreach (var part in path)
                {
                    target = target?[part];
                }

                if (referred[reference] is null)
                {
                    referred[reference] = target?.DeepClone() ?? JValue.CreateNull();
                    if (target is JContainer container)
                    {
                        pending.Enqueue(container);
                    }
                }
            }
        }

        return new JObject { ["schema"] = schema.DeepClone(), ["definitions"] = referred };
    }
}
