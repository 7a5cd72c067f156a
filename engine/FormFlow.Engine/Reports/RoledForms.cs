using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Reports;

/// <summary>
/// A value one of an instance's forms holds under a role: the form (its key in the process and its template), the
/// field path the template gives the role to (<c>development_goals[].actions[].deadline</c>), the value, and the list
/// item it belongs to (null for a top-level field).
/// </summary>
internal sealed record RoledValue(string Form, FormTemplate Template, string Path, JsonNode? Value, JsonObject? Item)
{
    /// <summary>
    /// The list item that holds <see cref="RoledValue.Item"/> when the field is two lists deep (the development goal of
    /// <c>development_goals[].actions[].description</c>), else null: what says which goal an action serves.
    /// </summary>
    public JsonObject? Outer { get; init; }
}

/// <summary>
/// A field of a form or of a list item that holds one value (not a list, not a group), as a report words it: its path,
/// its label in the reader's language, its value as text (empty when not written) and the role the template gives it
/// (null when none).
/// </summary>
internal sealed record FormField(string Path, string Label, string Text, string? Role);

/// <summary>
/// What the forms of one instance hold, by what their fields mean (<see cref="FieldRoles"/>), as the reader reads them
/// (<see cref="SeenInstance"/>): a report asks for "the rating", "the strengths" or "the plan's actions" of any
/// process this way, never for a process key or a field name, so an app an HRBP builds from new templates gets the
/// same reports as the shipped one.
/// </summary>
internal sealed class RoledForms
{
    private readonly List<(string Form, FormTemplate Template, JsonObject? Data)> forms;

    private RoledForms(List<(string Form, FormTemplate Template, JsonObject? Data)> forms) => this.forms = forms;

    /// <summary>The forms of <paramref name="seen"/>'s process, in the order of their keys, with what the reader reads of each.</summary>
    public static async Task<RoledForms> OfAsync(UnitOfWork work, SeenInstance seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var forms = new List<(string, FormTemplate, JsonObject?)>();
        foreach (var form in seen.Process.Forms.Keys.Order(StringComparer.Ordinal))
        {
            forms.Add((form, await ProcessCatalog.FormAsync(work, seen.Process, form), seen.Details.Forms[form] as JsonObject));
        }

        return new RoledForms(forms);
    }

    /// <summary>Whether a template of the process gives <paramref name="role"/> to a field, written or not.</summary>
    public bool Carries(string role) => forms.Any(f => f.Template.Roles.Values.Contains(role, StringComparer.Ordinal));

    /// <summary>The key of the first form whose template gives <paramref name="role"/> to a field, or null.</summary>
    public string? FormOf(string role) => forms.Where(f => f.Template.Roles.Values.Contains(role, StringComparer.Ordinal)).Select(f => f.Form).FirstOrDefault();

    /// <summary>
    /// The items of the lists whose items hold a field with <paramref name="role"/> (<c>goal_results[].self_rating</c>),
    /// each as the value of that field in it — also the items where that field is not written yet (its value null),
    /// which <see cref="Values"/> leaves out.
    /// </summary>
    public IEnumerable<RoledValue> ItemsHolding(string role)
    {
        foreach (var (form, template, data) in forms)
        {
            if (data is null)
            {
                continue;
            }

            foreach (var (path, _) in template.Roles.Where(r => r.Value == role && r.Key.Contains("[].", StringComparison.Ordinal)))
            {
                var list = ParentOf(path);
                var field = path[(list.Length + 1)..];
                foreach (var (item, _) in At(data, list))
                {
                    if (item is JsonObject holder)
                    {
                        yield return new RoledValue(form, template, path, holder[field], holder);
                    }
                }
            }
        }
    }

    /// <summary>The title of the template of the form <paramref name="form"/> in <paramref name="language"/>, or empty.</summary>
    public string Title(string form, string language) => forms.FirstOrDefault(f => f.Form == form).Template?.Title.For(language) ?? string.Empty;

    /// <summary>The data the reader reads of the form <paramref name="form"/>, or null.</summary>
    public JsonObject? Data(string form) => forms.FirstOrDefault(f => f.Form == form).Data;

    /// <summary>
    /// Every value held under <paramref name="role"/> that the reader reads, form by form, field by field in the order the
    /// template declares its roles, item by item in the order the lists hold them.
    /// </summary>
    public IEnumerable<RoledValue> Values(string role)
    {
        foreach (var (form, template, data) in forms)
        {
            if (data is null)
            {
                continue;
            }

            foreach (var (path, _) in template.Roles.Where(r => r.Value == role))
            {
                foreach (var (value, item, outer) in Within(data, path))
                {
                    yield return new RoledValue(form, template, path, value, item) { Outer = outer };
                }
            }
        }
    }

    /// <summary>The first whole number held under <paramref name="role"/> at the top level of a form (a rating), or null.</summary>
    public int? Number(string role) =>
        Values(role).Where(v => v.Item is null).Select(v => FormValues.Int(v.Value)).FirstOrDefault(n => n is not null);

    /// <summary>
    /// The items of the lists held under <paramref name="role"/>: for a role on a list (<c>strengths</c>) each of its
    /// items, for a role on a field inside list items (<c>result_goals[].specific</c>) each item holding it.
    /// </summary>
    public IEnumerable<RoledValue> Items(string role)
    {
        foreach (var value in Values(role))
        {
            if (value.Value is JsonArray list)
            {
                foreach (var item in list.OfType<JsonObject>())
                {
                    yield return value with { Value = item, Item = item };
                }
            }
            else if (value.Item is not null)
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// The text of the field beside <paramref name="value"/> in the same list item that the template gives
    /// <paramref name="role"/> (the due date beside a plan's action; for a whole item of a list role, the item's own
    /// field), or empty when there is none.
    /// </summary>
    public static string Beside(RoledValue value, string role) =>
        BesidePath(value, role) is { } path ? FormValues.Text(value.Item![path[(path.LastIndexOf('.') + 1)..]]) : string.Empty;

    /// <summary>
    /// The path of the field <see cref="Beside"/> reads (<c>steps[].state</c>), or null when there is none: where a
    /// report finds what the template says of that field, its label or its options.
    /// </summary>
    public static string? BesidePath(RoledValue value, string role)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Item is null)
        {
            return null;
        }

        // An item of a list role (help → help[].when) has its fields under the list; a field inside items, beside it.
        var parent = ReferenceEquals(value.Value, value.Item) ? value.Path + "[]" : ParentOf(value.Path);
        return value.Template.Roles
            .Where(r => r.Value == role && ParentOf(r.Key) == parent)
            .Select(r => r.Key)
            .FirstOrDefault(f => f[(parent.Length + 1)..] is var name && !name.Contains('.', StringComparison.Ordinal) && !name.Contains('[', StringComparison.Ordinal));
    }

    /// <summary>
    /// The texts of a list item in the order its template declares them, each with its label in
    /// <paramref name="language"/>: how a report words an item of a form it knows only by role.
    /// </summary>
    public static IReadOnlyList<(string Label, string Text)> Parts(RoledValue value, string language)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Item is not { } item)
        {
            return value.Value is null ? [] : [(value.Template.LabelOf(value.Path)?.For(language) ?? value.Path, FormValues.Text(value.Value))];
        }

        var itemPath = value.Value is JsonArray || ReferenceEquals(value.Value, item) ? value.Path + "[]" : ParentOf(value.Path);
        return [.. item
            .Where(p => p.Value is JsonValue)
            .Select(p => (Label: value.Template.LabelOf(itemPath + "." + p.Key)?.For(language) ?? p.Key, Text: FormValues.Text(p.Value)))
            .Where(p => p.Text.Length > 0)];
    }

    /// <summary>
    /// The fields of the list item <paramref name="value"/> belongs to (or that it is, for a role on a list) that hold
    /// one value each, in the order the template declares them, written or not: how a report reads the parts of an item
    /// that have no role (the first text of a strength, the goal beside a plan's action). Empty for a top-level value.
    /// </summary>
    public static IReadOnlyList<FormField> Fields(RoledValue value, string language)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Item is not { } item)
        {
            return [];
        }

        var itemPath = value.Value is JsonArray || ReferenceEquals(value.Value, item) ? value.Path + "[]" : ParentOf(value.Path);
        return Fields(value.Template, itemPath, item, language);
    }

    /// <summary>
    /// The top-level fields of the form <paramref name="form"/> that hold one value each, in the order its template
    /// declares them, written or not (empty when the reader reads nothing of the form): the texts a report shows of a
    /// form whose fields have no role.
    /// </summary>
    public IReadOnlyList<FormField> Fields(string form, string language)
    {
        var (_, template, data) = forms.FirstOrDefault(f => f.Form == form);
        return template is null || data is null ? [] : Fields(template, string.Empty, data, language);
    }

    // The one-value fields of the object at itemPath ("" for the form, "goals[]" for an item of goals) in data.
    private static List<FormField> Fields(FormTemplate template, string itemPath, JsonObject data, string language)
    {
        var node = itemPath.Length == 0 ? template.Fields : template.Fields.Find(itemPath);
        if (node is null)
        {
            return [];
        }

        return [.. node.Properties
            .Where(p => !p.Value.IsArray && p.Value.Properties.Count == 0 && p.Value.Items is null)
            .Select(p =>
            {
                var path = itemPath.Length == 0 ? p.Key : itemPath + "." + p.Key;
                return new FormField(path, template.LabelOf(path)?.For(language) ?? p.Key, FormValues.Text(data[p.Key]), template.Roles.GetValueOrDefault(path));
            })];
    }

    /// <summary>
    /// The values at a field path of <paramref name="data"/> (<c>goals[].actions[].deadline</c>), each with the list item
    /// that holds it (null at the top level). A path that does not match the data yields nothing.
    /// </summary>
    public static IEnumerable<(JsonNode? Value, JsonObject? Item)> At(JsonObject data, string path) =>
        Within(data, path).Select(v => (v.Value, v.Item));

    // The values at a field path, each with the list item holding it and the list item holding that one.
    private static List<(JsonNode? Value, JsonObject? Item, JsonObject? Outer)> Within(JsonObject data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        IEnumerable<(JsonNode? Node, JsonObject? Item, JsonObject? Outer)> level = [(data, null, null)];
        foreach (var segment in FieldNode.Segments(path))
        {
            level = segment == "[]"
                ? level.SelectMany(l => l.Node is JsonArray list ? list.OfType<JsonObject>().Select(i => ((JsonNode?)i, (JsonObject?)i, l.Item)) : [])
                : level.Where(l => l.Node is JsonObject o && o.ContainsKey(segment)).Select(l => (l.Node!.AsObject()[segment], l.Item, l.Outer));
        }

        return level.ToList();
    }

    // "a[].b[].c" → "a[].b[]"; "a" → "".
    private static string ParentOf(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? string.Empty : path[..dot];
    }
}
