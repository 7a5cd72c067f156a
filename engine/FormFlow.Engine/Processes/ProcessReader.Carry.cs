using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>The <c>carry</c> member of a start-process step (docs/processes.md, "start-process").</summary>
internal sealed partial class ProcessReader
{
    // [{ "from": "idp", "to": "idp" }, { "from": "record.plan", "to": "goals.plan" }]: a form into a form, a field into a
    // field. Whether the forms and fields exist is lint's question (ProcessLinter.Carry, ProcessCatalog): the target's
    // forms are another process's. Null when the member is written wrong.
    private List<Carry>? CarryOf(JObject step)
    {
        if (step["carry"] is not { } token)
        {
            return [];
        }

        if (token is not JArray array)
        {
            Add("process.wrong-type", token, "carry 必须是数组，如 [{\"from\": \"idp\", \"to\": \"idp\"}]", "carry must be an array such as [{\"from\": \"idp\", \"to\": \"idp\"}]");
            return null;
        }

        var carried = new List<Carry>();
        foreach (var item in array)
        {
            if (item is not JObject entry)
            {
                Add("process.wrong-type", item, "carry 的每一项都是 {\"from\": 表单或表单.字段, \"to\": 表单或表单.字段}", "Each item of carry is {\"from\": form or form.field, \"to\": form or form.field}");
                return null;
            }

            OnlyKnownMembers(entry, ["from", "to"]);
            var from = CarryEnd(entry, "from");
            var to = CarryEnd(entry, "to");
            if (from is null || to is null)
            {
                return null;
            }

            if (from.Value.Field is null != to.Value.Field is null)
            {
                Add("process.wrong-type", entry, $"「{(string)entry["from"]!}」→「{(string)entry["to"]!}」：整份表单只能带入整份表单，字段只能带入字段", $"\"{(string)entry["from"]!}\" → \"{(string)entry["to"]!}\": a whole form goes into a whole form, a field into a field");
                return null;
            }

            carried.Add(new Carry(from.Value.Form, from.Value.Field, to.Value.Form, to.Value.Field));
        }

        return carried;
    }

    // "idp" (a form) or "record.plan" (a form's top-level field).
    private (string Form, string? Field)? CarryEnd(JObject entry, string name)
    {
        var text = String(entry, name);
        if (text is null)
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var form = dot < 0 ? text : text[..dot];
        var field = dot < 0 ? null : text[(dot + 1)..];
        if (!IsIdentifier(form) || (field is not null && FieldPath.Parse(field) is not { Segments: [(_, false)] }))
        {
            Add("process.wrong-type", entry[name]!, $"「{text}」应写作表单名（idp）或「表单名.顶层字段」（record.plan）", $"\"{text}\" should be a form name (idp) or \"form.top-level field\" (record.plan)");
            return null;
        }

        return (form, field);
    }
}
