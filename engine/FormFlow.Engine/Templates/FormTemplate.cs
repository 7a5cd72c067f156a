using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Documents;
using FormFlow.Expressions;
using FormFlow.Schema;
using FormFlow.Text;
using Newtonsoft.Json.Linq;
using Scriban.Runtime;

namespace FormFlow.Templates;

/// <summary>A named group of top-level fields that a process step can hand to a person to read or write.</summary>
public sealed record TemplateSection(string Key, LocalizedText Title, IReadOnlyList<string> Fields);

/// <summary>What loading a template document produced: the findings of lint, and the template when there was no error.</summary>
public sealed record TemplateLoadResult(FormTemplate? Template, IReadOnlyList<LintFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == LintSeverity.Error);
}

/// <summary>The outcome of validating a submission: every problem, and the data with the server's computed values.</summary>
public sealed record SubmissionResult(IReadOnlyList<ValidationProblem> Problems, JsonObject? Data)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// A template that passed lint, compiled once into its own validator. Immutable and safe to share
/// between threads: each validation builds its own state.
/// </summary>
public sealed class FormTemplate
{
    private readonly CompiledSchema schema;
    private readonly IReadOnlyList<(string Field, FormExpression Expression)> computed;
    private readonly IReadOnlyList<TemplateLinter.LintedRule> rules;
    private readonly FieldNode fields;

    internal FieldNode Fields => fields;
    private readonly Dictionary<string, LocalizedText> labels;

    /// <summary>The top-level fields the schema's <c>required</c> lists: what a process must let somebody write.</summary>
    internal IReadOnlyList<string> RequiredFields { get; }

    /// <summary>The schema as published, for lint to read what values a field can hold. Never changed after loading.</summary>
    internal JToken Schema { get; }

    private FormTemplate(
        string key,
        LocalizedText title,
        IReadOnlyList<TemplateSection> sections,
        CompiledSchema schema,
        FieldNode fields,
        Dictionary<string, LocalizedText> labels,
        IReadOnlyList<string> requiredFields,
        JToken schemaDocument,
        IReadOnlyList<(string Field, FormExpression Expression)> computed,
        IReadOnlyList<TemplateLinter.LintedRule> rules)
    {
        RequiredFields = requiredFields;
        Schema = schemaDocument;
        Key = key;
        Title = title;
        Sections = sections;
        this.schema = schema;
        this.fields = fields;
        this.labels = labels;
        this.computed = computed;
        this.rules = rules;
        computedCheckedAlone = computed.All(c => schema.ChecksPropertyAlone(c.Field));
        fieldsRead = FieldsRead(computed.Select(c => c.Expression).Concat(rules.Select(r => r.Assert)).Concat(rules.Select(r => r.When).OfType<FormExpression>()));
    }

    // The top-level fields the expressions read, the only ones converted to Scriban values for them (the conversion
    // was a fifth of a submission); null when one reads the form as a whole or a field named at run time (form[name]).
    private readonly HashSet<string>? fieldsRead;

    // Whether each computed value can be checked against its own property's schema alone (see CompiledSchema.ChecksPropertyAlone).
    private readonly bool computedCheckedAlone;

    private static HashSet<string>? FieldsRead(IEnumerable<FormExpression> expressions)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            if (expression.ReadsWholeForm)
            {
                return null;
            }

            foreach (var chain in expression.References)
            {
                if (chain.Count == 0 || chain[0] == "[]")
                {
                    return null;
                }

                fields.Add(chain[0]);
            }
        }

        return fields;
    }

    public string Key { get; }

    public LocalizedText Title { get; }

    public IReadOnlyList<TemplateSection> Sections { get; }

    /// <summary>The top-level fields the server computes; what a client sends for them is ignored.</summary>
    public IEnumerable<string> ComputedFields => computed.Select(c => c.Field);

    /// <summary>What the fields mean: field path → role (<see cref="FieldRoles"/>), as the template's <c>roles</c> declares.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; private init; } = new Dictionary<string, string>();

    /// <summary>The whole numbers each field of a rating role lets a person pick (<c>overall_rating</c> → 1…5).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> RatingValues { get; private init; } = new Dictionary<string, IReadOnlyList<int>>();

    /// <summary>The field that holds <paramref name="role"/> (the first, for a role several fields hold), or null.</summary>
    public string? FieldOf(string role) => Roles.Where(r => r.Value == role).Select(r => r.Key).FirstOrDefault();

    /// <summary>The lists a task starts with, copied from others of the form (<c>prefill</c>).</summary>
    internal IReadOnlyList<Prefill> Prefills { get; private init; } = [];

    /// <summary>
    /// The top-level list whose items are a person's indicators (<c>"indicators": { "field": "kpis" }</c>), or null:
    /// the list the KPI pages propose library indicators into and the actuals read a person's indicators from.
    /// </summary>
    internal string? IndicatorField { get; private init; }

    /// <summary>
    /// The top-level list a task starts with, filled from the subject's indicators and last week's actuals
    /// (<c>"actuals": { "field": "last_week" }</c>), or null. Read-only: nobody types actuals into a form.
    /// </summary>
    internal string? ActualsField { get; private init; }

    /// <summary>
    /// <paramref name="data"/> (a task's starting data, changed in place) with each <c>prefill</c> list the person
    /// writes and has no value for yet: one item per item of the list it copies.
    /// </summary>
    internal void Prefill(System.Text.Json.Nodes.JsonObject data, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        foreach (var prefill in Prefills)
        {
            prefill.Apply(data, readable, writable);
        }
    }

    /// <summary>The label of a field path (<c>kpis[].weight</c>), or null.</summary>
    public LocalizedText? LabelOf(string fieldPath) => labels.GetValueOrDefault(fieldPath);

    /// <summary>The label the template gives <paramref name="value"/> of the field <paramref name="fieldPath"/> (its <c>options</c>), or null.</summary>
    internal LocalizedText? OptionOf(string fieldPath, string value) => Options.GetValueOrDefault((fieldPath, value));

    private IReadOnlyDictionary<(string Field, string Value), LocalizedText> Options { get; init; } = new Dictionary<(string, string), LocalizedText>();

    /// <summary>Lints a template document and, when it has no error, compiles it.</summary>
    public static TemplateLoadResult Load(string json)
    {
        var outcome = TemplateLinter.Lint(json);
        if (outcome.Findings.Any(f => f.Severity == LintSeverity.Error) || outcome.Document is null || outcome.Fields is null)
        {
            return new TemplateLoadResult(null, outcome.Findings);
        }

        var document = outcome.Document;
        var labels = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        var options = new Dictionary<(string, string), LocalizedText>();
        foreach (var entry in ((JObject)document["fields"]!).Properties())
        {
            labels[entry.Name] = Text(entry.Value["label"]!);
            foreach (var option in ((entry.Value["options"] as JObject)?.Properties() ?? []).Where(o => o.Value is JObject))
            {
                options[(entry.Name, option.Name)] = Text(option.Value);
            }
        }

        var sections = ((JArray)document["sections"]!)
            .Select(s => new TemplateSection((string)s["key"]!, Text(s["title"]!), [.. s["fields"]!.Values<string>().Select(f => f!)]))
            .ToList();
        var compiled = CompiledSchema.Compile(document["schema"]!, path => labels.GetValueOrDefault(path));
        var template = new FormTemplate(
            (string)document["key"]!,
            Text(document["title"]!),
            sections,
            compiled,
            outcome.Fields,
            labels,
            [.. (document["schema"]!["required"] as JArray ?? []).Values<string>().OfType<string>()],
            document["schema"]!,
            outcome.Computed,
            outcome.Rules) { Prefills = outcome.Prefills, IndicatorField = outcome.IndicatorField, ActualsField = outcome.ActualsField, Roles = outcome.Roles, RatingValues = outcome.RatingValues, Options = options };
        return new TemplateLoadResult(template, outcome.Findings);
    }

    /// <summary>
    /// Validates submitted JSON text; a text <see cref="DocumentReader"/> refuses (not JSON, a field twice, too deep, too
    /// large) is one problem, with its line and column.
    /// </summary>
    public SubmissionResult Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (DocumentReader.Check(json) is { } unreadable)
        {
            return new SubmissionResult([new ValidationProblem(string.Empty, unreadable.Code, unreadable.Message)], null);
        }

        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = DocumentReader.MaxDepth });
        return Validate(document.RootElement);
    }

    /// <summary>
    /// Validates submitted data: that it is portable (<see cref="PortableJson"/>: well-formed text, numbers a double
    /// holds — else those problems alone), the schema, then the computed fields (recomputed here, whatever the client
    /// sent), then the rules. Returns every problem at once.
    /// </summary>
    public SubmissionResult Validate(JsonElement data)
    {
        // Text no browser or database can hold is refused before anything reads it (see PortableJson).
        if (PortableJson.Check(data) is { Count: > 0 } unportable)
        {
            return new SubmissionResult(unportable, null);
        }

        var problems = new List<ValidationProblem>();
        schema.Validate(data, problems);
        if (data.ValueKind != JsonValueKind.Object)
        {
            return new SubmissionResult(problems, null);
        }

        if (computed.Count > 0)
        {
            // What the client sent for a computed field is not the server's value: its problems do not count.
            problems.RemoveAll(p => computed.Any(c => Under(p.Pointer, c.Field)));
        }

        var result = JsonObject.Create(data)!.DeepClone().AsObject();
        if (computed.Count == 0 && rules.Count == 0)
        {
            return new SubmissionResult(problems, result);
        }

        var form = fieldsRead is null ? (ScriptObject)ScriptData.FromJson(data)! : ScriptData.FromObject(data, fieldsRead);
        var session = new ExpressionSession();
        var notComputed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, _) in computed)
        {
            form.Remove(field);
            result.Remove(field);
        }

        foreach (var (field, expression) in computed)
        {
            if (!CanEvaluate(expression, problems, notComputed))
            {
                notComputed.Add(field);
                continue;
            }

            try
            {
                var value = session.Evaluate(expression, form);
                if (value is null)
                {
                    // Nothing to compute yet (an optional field left empty): the field stays absent, as if never sent.
                    notComputed.Add(field);
                    continue;
                }

                result[field] = ScriptData.ToJson(value);
                form[field] = value;
            }
            catch (ExpressionException ex)
            {
                notComputed.Add(field);
                problems.Add(new ValidationProblem(
                    "/" + field,
                    "computed.failed",
                    new LocalizedText($"无法计算「{Label(field).ZhCn}」：{ex.Message}", $"\"{Label(field).En}\" could not be computed: {ex.Message}")));
            }
        }

        if (computed.Count > notComputed.Count)
        {
            // The server's values obey the schema like any other: a computed total may have a maximum. Each value
            // alone against its property's schema when nothing else in the root schema reaches it (writing, reading and
            // validating the whole form again was a tenth of a KPI submission); else the whole form, keeping those values' problems.
            var computedProblems = new List<ValidationProblem>();
            if (computedCheckedAlone)
            {
                foreach (var (field, _) in computed)
                {
                    if (!notComputed.Contains(field))
                    {
                        using var value = NodeDocument.Parse(result[field]!);
                        schema.ValidateProperty(field, value.RootElement, computedProblems);
                    }
                }
            }
            else
            {
                using var withComputed = NodeDocument.Parse(result);
                schema.Validate(withComputed.RootElement, computedProblems);
            }

            problems.AddRange(computedProblems.Where(p => computed.Any(c => !notComputed.Contains(c.Field) && Under(p.Pointer, c.Field))));
        }

        // Rules see the problems of the fields, not of each other: every rule is checked, in any order.
        var fieldProblems = problems.ToList();
        foreach (var rule in rules)
        {
            CheckRule(rule, form, session, fieldProblems, notComputed, problems);
        }

        return new SubmissionResult(problems, result);
    }

    private static void CheckRule(TemplateLinter.LintedRule rule, ScriptObject form, ExpressionSession session, List<ValidationProblem> fieldProblems, HashSet<string> notComputed, List<ValidationProblem> problems)
    {
        if (!CanEvaluate(rule.Assert, fieldProblems, notComputed) || (rule.When is not null && !CanEvaluate(rule.When, fieldProblems, notComputed)))
        {
            return;
        }

        var pointer = rule.Field is null ? string.Empty : "/" + rule.Field.Replace('.', '/');
        try
        {
            if (rule.When is not null && !rule.When.EvaluateCondition(form, session))
            {
                return;
            }

            if (!rule.Assert.EvaluateCondition(form, session))
            {
                problems.Add(new ValidationProblem(pointer, "rule." + rule.Key, rule.Message));
            }
        }
        catch (ExpressionException ex)
        {
            problems.Add(new ValidationProblem(
                pointer,
                "rule.failed",
                new LocalizedText($"规则「{rule.Key}」无法检查：{ex.Message}", $"The rule \"{rule.Key}\" could not be checked: {ex.Message}")));
        }
    }

    // An expression runs only over valid fields, so that one mistake is reported once, where it is.
    private static bool CanEvaluate(FormExpression expression, List<ValidationProblem> problems, HashSet<string> notComputed)
    {
        if (expression.ReadsWholeForm)
        {
            return problems.Count == 0 && notComputed.Count == 0;
        }

        foreach (var field in expression.TopLevelFields)
        {
            if (notComputed.Contains(field) || problems.Any(p => Under(p.Pointer, field)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Under(string pointer, string topLevelField) =>
        pointer.Length > topLevelField.Length
        && pointer[0] == '/'
        && pointer.AsSpan(1).StartsWith(topLevelField, StringComparison.Ordinal)
        && (pointer.Length == topLevelField.Length + 1 || pointer[topLevelField.Length + 1] == '/');

    private LocalizedText Label(string field) => labels.GetValueOrDefault(field) ?? new LocalizedText(field, field);

    private static LocalizedText Text(JToken token) => new((string)token["zh-CN"]!, (string)token["en"]!);
}
