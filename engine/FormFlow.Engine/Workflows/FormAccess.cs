using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Documents;
using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>
/// What one person at one step may do with a form: the top-level fields they read and write, by the sections the
/// step names. The server holds to it whatever the browser sends.
/// </summary>
internal sealed class FormAccess
{
    private readonly FormTemplate template;
    private readonly HashSet<string> readable;
    private readonly HashSet<string> writable;

    public FormAccess(FormTemplate template, Access access)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(access);
        this.template = template;
        IEnumerable<string> Fields(IEnumerable<string> sections) =>
            template.Sections.Where(s => sections.Contains(s.Key, StringComparer.Ordinal)).SelectMany(s => s.Fields);
        writable = new HashSet<string>(Fields(access.Write), StringComparer.Ordinal);
        readable = access.ReadsAll
            ? new HashSet<string>(template.Sections.SelectMany(s => s.Fields), StringComparer.Ordinal)
            : new HashSet<string>(Fields(access.Read).Concat(writable), StringComparer.Ordinal);
    }

    private FormAccess(FormTemplate template, HashSet<string> readable, HashSet<string> writable)
    {
        this.template = template;
        this.readable = readable;
        this.writable = writable;
    }

    public IReadOnlySet<string> Writable => writable;

    /// <summary>This access without <paramref name="field"/>: neither read nor written (a rating held back, Visibility's rule 7).</summary>
    public FormAccess Without(string field) =>
        new(template, [.. readable.Where(f => f != field)], [.. writable.Where(f => f != field)]);

    public IReadOnlySet<string> Readable => readable;

    /// <summary>The part of <paramref name="document"/> this person may read.</summary>
    public JsonObject View(JsonObject document)
    {
        var view = new JsonObject();
        foreach (var (name, value) in document)
        {
            if (readable.Contains(name))
            {
                view[name] = value?.DeepClone();
            }
        }

        return view;
    }

    /// <summary>
    /// <paramref name="current"/> with the writable fields taken from <paramref name="written"/> (a writable field
    /// left out is cleared). A field the person reads but may not write must come back as it was, or not at all; any
    /// other value is refused, naming the field. A field they may not even read is refused whatever its value: were an
    /// unchanged value let through, guessing it would tell what the field holds.
    /// </summary>
    public (JsonObject? Merged, IReadOnlyList<ValidationProblem> Refused) Merge(JsonObject current, JsonObject written)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(written);
        var refused = new List<ValidationProblem>();
        foreach (var (name, value) in written)
        {
            if (!writable.Contains(name) && (!readable.Contains(name) || !JsonNode.DeepEquals(value, current[name])))
            {
                var label = template.LabelOf(name);
                refused.Add(new ValidationProblem(
                    "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal),
                    "field.not-writable",
                    new LocalizedText(
                        $"此步骤不能填写「{label?.ZhCn ?? name}」",
                        $"\"{label?.En ?? name}\" cannot be written at this step")));
            }
        }

        if (refused.Count > 0)
        {
            return (null, refused);
        }

        var merged = current.DeepClone().AsObject();
        foreach (var name in writable)
        {
            merged.Remove(name);
            if (written[name] is { } value)
            {
                merged[name] = value.DeepClone();
            }
        }

        return (merged, []);
    }

    /// <summary>
    /// Validates the merged document for this step: the problems in the fields this person writes, required ones
    /// included. Fields later steps write may still be empty; what no step writes is lint's concern. A part that
    /// writes nothing (a party confirming what others wrote) has nothing to validate. Returns the document with its
    /// computed fields when there is no problem.
    /// </summary>
    public (JsonObject? Data, IReadOnlyList<ValidationProblem> Problems) Validate(JsonObject merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        if (writable.Count == 0)
        {
            return (merged, []);
        }

        using var document = NodeDocument.Parse(merged);
        var result = template.Validate(document.RootElement);
        var problems = result.Problems.Where(p => Concerns(p.Pointer)).ToList();
        return problems.Count > 0 ? (null, problems) : (result.Data ?? merged, []);
    }

    // A problem without a field (a rule over the whole form) concerns whoever submits.
    private bool Concerns(string pointer)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        var end = pointer.IndexOf('/', 1);
        var field = (end < 0 ? pointer[1..] : pointer[1..end]).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        return writable.Contains(field);
    }
}
