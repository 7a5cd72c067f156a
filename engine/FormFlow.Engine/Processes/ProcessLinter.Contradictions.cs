using FormFlow.Expressions;
using FormFlow.Templates;
using Newtonsoft.Json.Linq;
using Scriban.Syntax;

namespace FormFlow.Processes;

/// <summary>
/// The checks of a process that contradicts itself or its templates: a condition comparing a field with a value the
/// field can never hold, a branch that can never be taken, a condition reading a field no earlier step writes, a
/// for-each over a list the form allows to be empty, the same person asked twice where once is meant.
/// </summary>
internal static partial class ProcessLinter
{
    private static readonly ScriptBinaryOperator[] Comparisons =
    [
        ScriptBinaryOperator.CompareEqual, ScriptBinaryOperator.CompareNotEqual, ScriptBinaryOperator.CompareLess,
        ScriptBinaryOperator.CompareLessOrEqual, ScriptBinaryOperator.CompareGreater, ScriptBinaryOperator.CompareGreaterOrEqual,
    ];

    /// <summary>A comparison of a form field with a literal whose outcome is the same whatever the field holds.</summary>
    private sealed record SettledComparison(string Text, string Form, IReadOnlyList<string> Field, FormTemplate Template, FieldValues Values, bool Holds);

    private static IEnumerable<LintFinding> ImpossibleComparisons(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            foreach (var (expression, token) in ConditionsOf(source, id))
            {
                foreach (var settled in SettledComparisons(source, expression))
                {
                    var field = string.Join('.', settled.Field);
                    var label = settled.Template.LabelOf(field) is { } text ? text : new Text.LocalizedText(field, field);
                    var (zh, en) = settled.Holds ? ("永远成立", "always holds") : ("永远不成立", "never holds");
                    yield return Finding(
                        "process.impossible-comparison",
                        token,
                        $"「{settled.Text}」{zh}：表单「{settled.Form}」（模板「{settled.Template.Key}」）的字段「{label.ZhCn}」（{field}）{settled.Values.Description.ZhCn}",
                        $"\"{settled.Text}\" {en}: the field \"{label.En}\" ({field}) of the form \"{settled.Form}\" (template \"{settled.Template.Key}\") {settled.Values.Description.En}");
                }
            }
        }
    }

    // Every comparison `forms.<form>.<field> OP literal` (either way round) whose outcome the field's values settle.
    private static List<SettledComparison> SettledComparisons(Source source, FormExpression expression)
    {
        var found = new List<SettledComparison>();
        Visit(expression.Syntax);
        return found;

        void Visit(ScriptNode? node)
        {
            if (node is null)
            {
                return;
            }

            if (node is ScriptBinaryExpression binary && Comparisons.Contains(binary.Operator) && Settle(source, expression.Source, binary) is { } settled)
            {
                found.Add(settled);
                return;
            }

            for (var i = 0; i < node.ChildrenCount; i++)
            {
                Visit(node.GetChildren(i));
            }
        }
    }

    private static SettledComparison? Settle(Source source, string text, ScriptBinaryExpression binary)
    {
        var op = binary.Operator;
        var (chain, literal) = (FieldChain(binary.Left), Literal(binary.Right));
        if (chain is null || !literal.Found)
        {
            (chain, literal) = (FieldChain(binary.Right), Literal(binary.Left));
            op = Flipped(op);
        }

        if (chain is not { Count: >= 2 } || !literal.Found
            || !source.Process.Forms.ContainsKey(chain[0])
            || source.Templates.GetValueOrDefault(chain[0]) is not { } template
            || FieldValues.Of(template, chain.Skip(1).ToList()) is not { } values
            || values.Compare(op, literal.Value) is not { } holds)
        {
            return null;
        }

        return new SettledComparison(SourceOf(text, binary), chain[0], [.. chain.Skip(1)], template, values, holds);
    }

    private static ScriptBinaryOperator Flipped(ScriptBinaryOperator op) => op switch
    {
        ScriptBinaryOperator.CompareLess => ScriptBinaryOperator.CompareGreater,
        ScriptBinaryOperator.CompareLessOrEqual => ScriptBinaryOperator.CompareGreaterOrEqual,
        ScriptBinaryOperator.CompareGreater => ScriptBinaryOperator.CompareLess,
        ScriptBinaryOperator.CompareGreaterOrEqual => ScriptBinaryOperator.CompareLessOrEqual,
        _ => op,
    };

    // `forms.record.overall_rating` as ["record", "overall_rating"]; null for anything but a plain member chain from forms.
    private static List<string>? FieldChain(ScriptNode? node)
    {
        switch (Unwrapped(node))
        {
            case ScriptVariableGlobal { Name: "forms" }:
                return [];
            case ScriptMemberExpression { Member: { } member } access when FieldChain(access.Target) is { } chain:
                chain.Add(member.Name);
                return chain;
            default:
                return null;
        }
    }

    private static (bool Found, object? Value) Literal(ScriptNode? node) => Unwrapped(node) switch
    {
        ScriptLiteral literal => (true, literal.Value),
        ScriptUnaryExpression { Operator: ScriptUnaryOperator.Negate, Right: ScriptLiteral { Value: var value } } => value switch
        {
            int i => (true, -i),
            long l => (true, -l),
            double d => (true, -d),
            decimal m => (true, -m),
            float f => (true, -f),
            _ => (false, null),
        },
        _ => (false, null),
    };

    private static ScriptNode? Unwrapped(ScriptNode? node)
    {
        while (node is ScriptNestedExpression nested)
        {
            node = nested.Expression;
        }

        return node;
    }

    private static string SourceOf(string text, ScriptNode node)
    {
        var (start, end) = (node.Span.Start.Offset, node.Span.End.Offset);
        return start >= 0 && end >= start && end < text.Length ? text[start..(end + 1)] : text.Trim();
    }

    private static IEnumerable<LintFinding> UnreachableBranches(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not DecisionStep decision)
            {
                continue;
            }

            var step = source.StepObject(id);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < decision.Branches.Count; i++)
            {
                var when = decision.Branches[i].When;
                var branch = step["branches"]![i]!;
                if (seen.TryGetValue(Normalised(when.Source), out var first))
                {
                    yield return Finding(
                        "process.unreachable-branch",
                        branch,
                        $"步骤「{id}」的第 {i + 1} 个分支与先尝试的第 {first + 1} 个分支条件相同，永远不会走到",
                        $"Branch {i + 1} of the step \"{id}\" has the same condition as branch {first + 1}, which is tried first, so it is never taken");
                    continue;
                }

                seen[Normalised(when.Source)] = i;
                var settled = Settled(source, when);
                if (settled == false && IsLiteral(when))
                {
                    yield return Finding(
                        "process.unreachable-branch",
                        branch,
                        $"步骤「{id}」的第 {i + 1} 个分支的条件「{when.Source}」永远不成立，永远不会走到",
                        $"The condition \"{when.Source}\" of branch {i + 1} of the step \"{id}\" never holds, so the branch is never taken");
                }

                if (settled != true)
                {
                    continue;
                }

                for (var later = i + 1; later < decision.Branches.Count; later++)
                {
                    yield return Finding(
                        "process.unreachable-branch",
                        step["branches"]![later]!,
                        $"步骤「{id}」的第 {i + 1} 个分支「{when.Source}」永远成立，其后的第 {later + 1} 个分支永远不会走到",
                        $"Branch {i + 1} of the step \"{id}\", \"{when.Source}\", always holds, so branch {later + 1} after it is never taken");
                }

                yield return Finding(
                    "process.unreachable-branch",
                    step["otherwise"]!,
                    $"步骤「{id}」的第 {i + 1} 个分支「{when.Source}」永远成立，otherwise「{decision.Otherwise}」永远不会走到",
                    $"Branch {i + 1} of the step \"{id}\", \"{when.Source}\", always holds, so otherwise \"{decision.Otherwise}\" is never taken");
                break;
            }
        }
    }

    // Whether a condition as a whole always holds (true), never holds (false), or depends on the forms (null): a literal,
    // or a single comparison its field settles.
    private static bool? Settled(Source source, FormExpression when)
    {
        if (when.Syntax.Body?.Statements is not [ScriptExpressionStatement { Expression: var expression }])
        {
            return null;
        }

        return Unwrapped(expression) switch
        {
            ScriptLiteral { Value: var value } => value switch
            {
                null => false,
                bool b => b,
                string s => s.Length > 0,
                int i => i != 0,
                long l => l != 0,
                double d => d != 0,
                decimal m => m != 0,
                _ => null,
            },
            ScriptBinaryExpression binary when Comparisons.Contains(binary.Operator) => Settle(source, when.Source, binary)?.Holds,
            _ => null,
        };
    }

    private static bool IsLiteral(FormExpression when) =>
        when.Syntax.Body?.Statements is [ScriptExpressionStatement { Expression: var expression }] && Unwrapped(expression) is ScriptLiteral;

    // The condition without the white space outside its strings: `a<=2` and `a <= 2` are one condition.
    private static string Normalised(string condition)
    {
        var text = new System.Text.StringBuilder(condition.Length);
        char? quote = null;
        for (var i = 0; i < condition.Length; i++)
        {
            var c = condition[i];
            if (quote is { } open)
            {
                text.Append(c);
                if (c == '\\' && i + 1 < condition.Length)
                {
                    text.Append(condition[++i]);
                }
                else if (c == open)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
                text.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A decision's branches and a for-each's people read the forms as written so far. A field that no step able to run
    /// before them writes is always empty there: the condition decides on nothing. Answers of for-each and recurring
    /// steps are kept apart and never written into the form, so they do not count.
    /// </summary>
    private static IEnumerable<LintFinding> FieldsNotYetWritten(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            var step = source.StepObject(id);
            IEnumerable<(FormExpression Expression, JToken Token)> conditions = source.Graph[id] switch
            {
                DecisionStep decision => decision.Branches.Select((b, i) => (b.When, step["branches"]![i]!["when"]!)),
                ForEachStep forEach => [(forEach.People, step["people"]!)],
                _ => [],
            };
            var before = StepsThatCanRunBefore(source, id);
            foreach (var (expression, token) in conditions)
            {
                foreach (var (form, field, template) in TopLevelFieldsRead(source, expression))
                {
                    // A required field no step writes at all is process.required-field-unwritten already.
                    var neverWritten = template.RequiredFields.Contains(field, StringComparer.Ordinal) && !template.ComputedFields.Contains(field, StringComparer.Ordinal)
                        && !source.Graph.Order.Any(s => Writes(source.Graph[s], form, field, template));
                    if (!neverWritten && !before.Any(earlier => Writes(source.Graph[earlier], form, field, template)))
                    {
                        var label = template.LabelOf(field) is { } text ? text : new Text.LocalizedText(field, field);
                        yield return Finding(
                            "process.field-not-yet-written",
                            token,
                            $"「forms.{form}.{field}」（{label.ZhCn}）在步骤「{id}」总是空的：能在它之前运行的步骤都不填写这个字段",
                            $"\"forms.{form}.{field}\" ({label.En}) is always empty at the step \"{id}\": no step that can run before it writes the field");
                    }
                }
            }
        }
    }

    // The steps from which this one can be reached, and everything running alongside them in a parallel.
    private static HashSet<string> StepsThatCanRunBefore(Source source, string id)
    {
        var before = source.Graph.CanReach([id]);
        foreach (var parallel in before.Select(s => source.Graph[s]).OfType<ParallelStep>().ToList())
        {
            before.UnionWith(source.Graph.ReachableFrom(parallel.Branches));
        }

        return before;
    }

    private static IEnumerable<(string Form, string Field, FormTemplate Template)> TopLevelFieldsRead(Source source, FormExpression expression) =>
        expression.References
            .Where(c => c.Count >= 2 && c[1] != "[]" && source.Process.Forms.ContainsKey(c[0]))
            .Select(c => (Form: c[0], Field: c[1]))
            .Distinct()
            .Select(r => (r.Form, r.Field, Template: source.Templates.GetValueOrDefault(r.Form)))
            .Where(r => r.Template is not null && r.Template.Fields.Properties.ContainsKey(r.Field))
            .Select(r => (r.Form, r.Field, r.Template!));

    // Whether the step writes the field into the form: a field of a section it writes, or a computed field of a form it writes at all.
    private static bool Writes(Step step, string form, string field, FormTemplate template)
    {
        if (TaskOf(step) is not { } task || task.Form != form || step is ForEachStep or RecurringStep)
        {
            return false;
        }

        var sections = task.Access.Write.Concat(step switch
        {
            ReviewStep review => review.ReviewerAccess.Write,
            ConfirmationStep confirmation => confirmation.Parties.SelectMany(p => p.Access.Write),
            _ => [],
        }).ToHashSet(StringComparer.Ordinal);
        return template.ComputedFields.Contains(field, StringComparer.Ordinal)
            ? sections.Count > 0
            : template.Sections.Any(s => sections.Contains(s.Key) && s.Fields.Contains(field, StringComparer.Ordinal));
    }

    /// <summary>
    /// A for-each whose people come from one list field the form lets be empty (not required, or no <c>minItems</c>
    /// above zero): when it is empty the step hands out no task and moves on at once. A warning: that may be meant.
    /// </summary>
    private static IEnumerable<LintFinding> ForEachListsThatMayBeEmpty(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not ForEachStep forEach || TopLevelFieldsRead(source, forEach.People).ToList() is not [var (form, field, template)])
            {
                continue;
            }

            if (template.Schema["properties"]?[field] is not JObject schema || !IsList(schema))
            {
                continue;
            }

            var required = template.RequiredFields.Contains(field, StringComparer.Ordinal);
            var atLeast = schema["minItems"] is { Type: JTokenType.Integer } min ? (long)min : 0;
            if (required && atLeast > 0)
            {
                continue;
            }

            var (zh, en) = required
                ? ("没有设置大于 0 的 minItems", "sets no minItems above 0")
                : ("不是必填字段", "is not required");
            yield return Finding(
                "process.for-each-may-be-empty",
                source.StepObject(id)["people"]!,
                $"步骤「{id}」的人员名单来自「forms.{form}.{field}」，而模板「{template.Key}」允许它为空（它{zh}）：名单为空时这一步不分派任何任务，直接进入「{forEach.Next}」",
                $"The people of the step \"{id}\" come from \"forms.{form}.{field}\", which the template \"{template.Key}\" lets be empty (it {en}): with an empty list the step hands out no task and moves straight on to \"{forEach.Next}\"",
                LintSeverity.Warning);
        }
    }

    private static bool IsList(JObject schema) => schema["type"] switch
    {
        JValue { Type: JTokenType.String } type => (string)type! == "array",
        JArray types => types.Any(t => (string?)t == "array"),
        _ => false,
    };

    /// <summary>
    /// The same assignee named twice in one step: in a sequence the same person approves twice in a row, two parties of a
    /// confirmation are one person confirming with themselves, and a review's author reviews their own work — errors;
    /// for <c>all</c> and <c>any</c> approvals a person named twice gets one task, so the repetition only misleads — a warning.
    /// </summary>
    private static IEnumerable<LintFinding> RepeatedAssignees(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            var step = source.StepObject(id);
            switch (source.Graph[id])
            {
                case ApprovalStep approval:
                    for (var i = 0; i < approval.Approvers.Count; i++)
                    {
                        var first = IndexOf(approval.Approvers, approval.Approvers[i]);
                        if (first < i)
                        {
                            var sequence = approval.Mode == ApprovalMode.Sequence;
                            yield return Finding(
                                "process.repeated-assignee",
                                step["approvers"]![i]!,
                                sequence
                                    ? $"步骤「{id}」按顺序审批，「{approval.Approvers[i]}」在第 {first + 1} 位和第 {i + 1} 位各出现一次，同一个人要审批两次"
                                    : $"步骤「{id}」的审批人「{approval.Approvers[i]}」列了两次；同一个人只会收到一个任务",
                                sequence
                                    ? $"The step \"{id}\" approves in sequence and names \"{approval.Approvers[i]}\" at positions {first + 1} and {i + 1}: the same person would approve twice"
                                    : $"The step \"{id}\" names the approver \"{approval.Approvers[i]}\" twice; that person gets one task",
                                sequence ? LintSeverity.Error : LintSeverity.Warning);
                        }
                    }

                    break;
                case ConfirmationStep confirmation:
                    var assignees = confirmation.Parties.Select(p => p.Assignee).ToList();
                    for (var i = 0; i < assignees.Count; i++)
                    {
                        var first = IndexOf(assignees, assignees[i]);
                        if (first < i)
                        {
                            yield return Finding(
                                "process.repeated-assignee",
                                step["parties"]![i]!["assignee"]!,
                                $"步骤「{id}」的第 {first + 1} 方和第 {i + 1} 方都是「{assignees[i]}」：确认需要不同的人，同一个人不能与自己确认",
                                $"Parties {first + 1} and {i + 1} of the step \"{id}\" are both \"{assignees[i]}\": a confirmation is between different people, and nobody confirms with themselves");
                        }
                    }

                    break;
                case RecurringStep { Reviewer: { } reviewer } recurring when reviewer == recurring.Assignee:
                    yield return Finding(
                        "process.repeated-assignee",
                        step["reviewer"]!,
                        $"步骤「{id}」的处理人和跟进人都是「{reviewer}」：同一个人会跟进自己填写的每次 Check-in",
                        $"The assignee and the reviewer of the step \"{id}\" are both \"{reviewer}\": the same person would follow up their own check-ins");
                    break;
                case ReviewStep review when review.Author == review.Reviewer:
                    yield return Finding(
                        "process.repeated-assignee",
                        step["reviewer"]!,
                        $"步骤「{id}」的作者和审阅人都是「{review.Author}」：同一个人会审阅自己写的内容",
                        $"The author and the reviewer of the step \"{id}\" are both \"{review.Author}\": the same person would review their own work");
                    break;
            }
        }
    }

    /// <summary>
    /// A recurring step's reviewer writes into the answer the assignee handed in: a section both write would have the
    /// reviewer overwrite what the employee reported.
    /// </summary>
    private static IEnumerable<LintFinding> ReviewersWritingAnswers(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not RecurringStep { Reviewer: not null } recurring)
            {
                continue;
            }

            var step = source.StepObject(id);
            foreach (var (section, i) in recurring.ReviewerAccess.Write.Select((s, i) => (s, i)).Where(p => recurring.Task.Access.Write.Contains(p.s, StringComparer.Ordinal)))
            {
                yield return Finding(
                    "process.reviewer-writes-answer",
                    step["reviewerWrite"]![i]!,
                    $"步骤「{id}」的跟进人和处理人都填写部分「{section}」：跟进人会改写处理人交上的内容",
                    $"The reviewer and the assignee of the step \"{id}\" both write the section \"{section}\": the reviewer would overwrite what the assignee handed in");
            }
        }
    }

    // A template's actuals list (docs/kpi-actuals.md) is filled from the recorded actuals when a task opens: nobody
    // types actuals into a form, so no step, follow-up or party may write the section that holds it.
    private static IEnumerable<LintFinding> ActualsWritten(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (TaskOf(source.Graph[id]) is not { } task || source.Templates[task.Form] is not { ActualsField: { } field } template
                || template.Sections.FirstOrDefault(s => s.Fields.Contains(field, StringComparer.Ordinal)) is not { } section)
            {
                continue;
            }

            var step = source.StepObject(id);
            JObject[] owners = [step, .. (step["parties"] as JArray ?? []).OfType<JObject>()];
            var writes = owners.SelectMany(o => new[] { o["write"], o["reviewerWrite"] }).OfType<JArray>().SelectMany(a => a).OfType<JValue>();
            foreach (var name in writes.Where(n => (string?)n == section.Key))
            {
                yield return Finding(
                    "process.writes-actuals",
                    name,
                    $"步骤「{id}」填写部分「{section.Key}」，其中的「{field}」是表单「{task.Form}」的实际值列表，只读：实际值在「录入实际值」页面录入，打开任务时自动读取，不能在表单中填写",
                    $"The step \"{id}\" writes the section \"{section.Key}\", which holds \"{field}\", the actuals list of the form \"{task.Form}\": it is read-only — actuals are entered on the Enter actuals page and read when the task opens, never typed into a form");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<Assignee> assignees, Assignee assignee)
    {
        for (var i = 0; i < assignees.Count; i++)
        {
            if (assignees[i] == assignee)
            {
                return i;
            }
        }

        return -1;
    }
}
