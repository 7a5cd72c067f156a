using System.Globalization;
using FormFlow.Expressions;
using FormFlow.Organisation;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>
/// The publish-time check of what a process means, run once <see cref="ProcessReader"/> has read it without error:
/// every step can be reached and can reach an end, the templates and sections it names exist, its conditions read
/// fields that exist, every required field is written by somebody, reminders fall before their due time, parallel
/// branches meet at their join, and — given the organisation — every assignee names somebody for every subject and
/// every named person (<c>person:ID</c>) is one of its people.
/// </summary>
internal static partial class ProcessLinter
{
    private const int MaxNamesListed = 20;

    // The people of the owning department a finding names: enough to recognise the gap, short enough for a step's card.
    private const int MaxOwnerNamesListed = 5;

    private static readonly string[] AccessMembers = ["read", "write", "reviewerRead", "reviewerWrite"];

    /// <summary>The findings beyond the reader's; none when the reader could not read the process.</summary>
    public static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessReadResult read, Func<FormReference, FormTemplate?> templates, OrgChart? organisation)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(templates);
        if (read.Process is not { } process || read.Document is not { } document)
        {
            return [];
        }

        var source = new Source(process, document, process.Forms.ToDictionary(f => f.Key, f => templates(f.Value), StringComparer.Ordinal));
        List<LintFinding> findings =
        [
            .. UnreachableSteps(source),
            .. StepsWithoutEnd(source),
            .. LoopsThatNeverWait(source),
            .. JoinMismatches(source),
            .. UnknownTemplates(source),
            .. UnknownSections(source),
            .. UnknownFieldsInConditions(source),
            .. RequiredFieldsNeverWritten(source),
            .. MisplacedReminders(source),
            .. ImpossibleComparisons(source),
            .. UnreachableBranches(source),
            .. FieldsNotYetWritten(source),
            .. ForEachListsThatMayBeEmpty(source),
            .. RepeatedAssignees(source),
            .. ReviewersWritingAnswers(source),
            .. ActualsWritten(source),
            .. MeetingFields(source),
            .. DateReminderFields(source),
            .. AlertFields(source),
            .. PeriodsFromFields(source),
            .. CarrySources(source),
            .. AnnouncedFields(source),
        ];
        if (organisation is not null)
        {
            findings.AddRange(await UnresolvedAssigneesAsync(source, organisation));
        }

        return findings;
    }

    private static IEnumerable<LintFinding> UnreachableSteps(Source source)
    {
        var reachable = source.Reachable;
        foreach (var id in source.Graph.Order.Where(id => !reachable.Contains(id)))
        {
            yield return Finding(
                "process.unreachable-step",
                source.StepProperty(id),
                $"步骤「{id}」无法从起始步骤「{source.Process.Start}」到达",
                $"The step \"{id}\" cannot be reached from the start step \"{source.Process.Start}\"");
        }
    }

    // A step that cannot reach an end leads, through other such steps, into a loop with no exit: the loop is the
    // mistake to show once; the steps leading into it are each reported on their own.
    private static IEnumerable<LintFinding> StepsWithoutEnd(Source source)
    {
        var inLoop = source.ClosedLoops.SelectMany(loop => loop).ToHashSet(StringComparer.Ordinal);
        foreach (var id in source.Graph.Order.Where(id => source.Stuck.Contains(id) && !inLoop.Contains(id)))
        {
            yield return Finding(
                "process.no-way-to-end",
                source.StepProperty(id),
                $"从步骤「{id}」出发无法到达任何结束步骤",
                $"No end step can be reached from the step \"{id}\"");
        }

        foreach (var loop in source.ClosedLoops)
        {
            yield return Finding(
                "process.loop-without-exit",
                source.StepProperty(loop[0]),
                $"步骤{ZhList(loop)}构成一个没有出口的循环，流程无法结束",
                $"The steps {EnList(loop)} form a loop with no way out; the process cannot end");
        }
    }

    // Steps that do not wait for a person or for time run straight on; a loop of them repeats without end at once.
    private static IEnumerable<LintFinding> LoopsThatNeverWait(Source source)
    {
        var restless = source.Reachable.Where(id => NeverWaits(source.Graph[id])).ToHashSet(StringComparer.Ordinal);
        var reported = source.ClosedLoops.Select(loop => string.Join(' ', loop)).ToHashSet(StringComparer.Ordinal);
        foreach (var loop in source.Graph.Loops(restless).Where(loop => !reported.Contains(string.Join(' ', loop))))
        {
            yield return Finding(
                "process.loop-without-exit",
                source.StepProperty(loop[0]),
                $"步骤{ZhList(loop)}构成的循环中没有任何步骤等待人或时间，运行时会无休止地循环",
                $"The steps {EnList(loop)} form a loop in which no step waits for a person or for time; it would repeat forever");
        }
    }

    private static bool NeverWaits(Step step) => step is DecisionStep or NotifyStep or AnnounceStep or StartProcessStep or ParallelStep or JoinStep;

    private static IEnumerable<LintFinding> JoinMismatches(Source source)
    {
        var graph = source.Graph;
        var parallels = graph.Order.Select(id => graph[id]).OfType<ParallelStep>().ToList();
        foreach (var parallel in parallels)
        {
            var step = source.StepObject(parallel.Id);
            if (graph[parallel.Join] is not JoinStep)
            {
                yield return Finding(
                    "process.join-mismatch",
                    step["join"]!,
                    $"并行步骤「{parallel.Id}」的 join「{parallel.Join}」不是汇合（join）步骤",
                    $"The join \"{parallel.Join}\" of the parallel step \"{parallel.Id}\" is not a join step");
                continue;
            }

            for (var i = 0; i < parallel.Branches.Count; i++)
            {
                var branch = parallel.Branches[i];
                var end = graph.ReachableFrom([branch], stopAt: parallel.Join).Where(id => graph[id] is EndStep).OrderBy(graph.Position).FirstOrDefault();
                if (end is not null)
                {
                    yield return Finding(
                        "process.join-mismatch",
                        step["branches"]![i]!,
                        $"并行步骤「{parallel.Id}」的分支「{branch}」可能在到达汇合步骤「{parallel.Join}」之前到达结束步骤「{end}」",
                        $"The branch \"{branch}\" of the parallel step \"{parallel.Id}\" can reach the end step \"{end}\" before its join \"{parallel.Join}\"");
                }
            }
        }

        var named = parallels.Select(p => p.Join).ToHashSet(StringComparer.Ordinal);
        foreach (var id in graph.Order.Where(id => graph[id] is JoinStep && !named.Contains(id)))
        {
            yield return Finding(
                "process.join-mismatch",
                source.StepProperty(id),
                $"没有任何并行步骤以「{id}」为汇合步骤",
                $"No parallel step names \"{id}\" as its join");
        }
    }

    private static IEnumerable<LintFinding> UnknownTemplates(Source source)
    {
        foreach (var (name, reference) in source.Process.Forms.Where(f => source.Templates[f.Key] is null))
        {
            yield return Finding(
                "process.unknown-template",
                source.FormToken(name),
                $"表单「{name}」使用的模板「{reference}」不存在",
                $"The template \"{reference}\" of the form \"{name}\" does not exist");
        }
    }

    // Read from the document rather than the definition: Access.Read also holds the written sections, and the
    // document gives each name its own place.
    private static IEnumerable<LintFinding> UnknownSections(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (TaskOf(source.Graph[id]) is not { } task || source.Templates[task.Form] is not { } template)
            {
                continue;
            }

            var step = source.StepObject(id);
            var sections = template.Sections.Select(s => s.Key).ToList();
            JObject[] owners =
            [
                step, .. (step["parties"] as JArray ?? []).OfType<JObject>(), .. new[] { step["visibleToSubject"] }.OfType<JObject>(),
                .. (step["visibleTo"] as JObject)?.Properties().Select(p => p.Value).OfType<JObject>() ?? [],
            ];
            foreach (var name in owners.SelectMany(o => AccessMembers.Select(m => o[m])).OfType<JArray>().SelectMany(a => a).OfType<JValue>())
            {
                var section = (string)name!;
                if (!sections.Contains(section, StringComparer.Ordinal))
                {
                    yield return Finding(
                        "process.unknown-section",
                        name,
                        $"步骤「{id}」的表单「{task.Form}」（模板「{template.Key}」）没有分区「{section}」；可用：{string.Join("、", sections)}",
                        $"The form \"{task.Form}\" (template \"{template.Key}\") of the step \"{id}\" has no section \"{section}\"; its sections are: {string.Join(", ", sections)}");
                }
            }
        }
    }

    // Every condition of a step with its place in the document: a decision's branches, a for-each's people, what it shows the subject.
    private static IEnumerable<(FormExpression Expression, JToken Token)> ConditionsOf(Source source, string id)
    {
        var step = source.StepObject(id);
        IEnumerable<(FormExpression, JToken)> conditions = source.Graph[id] switch
        {
            DecisionStep decision => decision.Branches.Select((b, i) => (b.When, step["branches"]![i]!["when"]!)),
            ForEachStep forEach => [(forEach.People, step["people"]!)],
            _ => [],
        };
        if (TaskOf(source.Graph[id])?.VisibleToSubject?.When is { } shownWhen)
        {
            conditions = conditions.Append((shownWhen, step["visibleToSubject"]!["when"]!));
        }

        foreach (var (relation, grant) in TaskOf(source.Graph[id])?.VisibleTo ?? new Dictionary<string, ReadGrant>())
        {
            if (grant.When is { } when)
            {
                conditions = conditions.Append((when, step["visibleTo"]![relation]!["when"]!));
            }
        }

        return conditions;
    }

    private static IEnumerable<LintFinding> UnknownFieldsInConditions(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            foreach (var (expression, token) in ConditionsOf(source, id))
            {
                foreach (var finding in UnknownFields(source, expression, token).Concat(UnknownSubjectMembers(expression, token)).Concat(UnknownVariables(expression, token)))
                {
                    yield return finding;
                }
            }
        }
    }

    private static IEnumerable<LintFinding> UnknownFields(Source source, FormExpression expression, JToken token)
    {
        var chains = expression.References.Where(c => c.Count > 0 && c[0] != "[]").DistinctBy(c => string.Join('.', c.Take(2)));
        foreach (var chain in chains)
        {
            var form = chain[0];
            if (!source.Process.Forms.ContainsKey(form))
            {
                yield return Finding(
                    "expression.unknown-field",
                    token,
                    $"表达式用到了「forms.{form}」，但流程的 forms 中没有声明表单「{form}」",
                    $"The expression uses \"forms.{form}\", but the process declares no form \"{form}\" in forms");
            }
            else if (chain.Count > 1 && chain[1] != "[]" && source.Templates[form] is { } template && !template.Fields.Properties.ContainsKey(chain[1]))
            {
                yield return Finding(
                    "expression.unknown-field",
                    token,
                    $"表达式用到了「forms.{form}.{chain[1]}」，但表单「{form}」的模板「{template.Key}」没有这个顶层字段",
                    $"The expression uses \"forms.{form}.{chain[1]}\", which is not a top-level field of the form \"{form}\" (template \"{template.Key}\")");
            }
        }
    }

    // The subject is known by what SubjectFacts holds; any other member would be missing on every instance.
    private static IEnumerable<LintFinding> UnknownSubjectMembers(FormExpression expression, JToken token) =>
        expression.ReferencesFrom("subject")
            .Where(chain => chain.Count > 0 && chain[0] != "[]" && !SubjectFacts.Members.Contains(chain[0], StringComparer.Ordinal))
            .Select(chain => chain[0])
            .Distinct(StringComparer.Ordinal)
            .Select(member => Finding(
                "expression.unknown-subject-member",
                token,
                $"表达式用到了「subject.{member}」，但员工没有这个属性；可用：{string.Join("、", SubjectFacts.Members.Select(m => "subject." + m))}",
                $"The expression uses \"subject.{member}\", which the person has not; use one of: {string.Join(", ", SubjectFacts.Members.Select(m => "subject." + m))}"));

    private static IEnumerable<LintFinding> UnknownVariables(FormExpression expression, JToken token) =>
        expression.UnknownVariables.Select(name => Finding(
            "expression.unknown-variable",
            token,
            $"表达式用到了未知的名称「{name}」；可用：{string.Join("、", ProcessReader.ConditionRoots)}",
            $"The expression uses the unknown name \"{name}\"; use one of: {string.Join(", ", ProcessReader.ConditionRoots)}"));

    // The form can never be completed as its template demands: a required field sits in a section no step writes.
    // The finding goes on the step the author looks at for that form — the first step that fills or reads it, in the
    // order the process runs (fewest steps from the start, then document order) — so the designer shows it on that
    // step's card; on the form itself only when no step uses the form. Required is the template's top-level required:
    // a required repeating group or object is one field here (writing its section writes its members), and the
    // required members of an optional group demand nothing while the group is empty.
    private static IEnumerable<LintFinding> RequiredFieldsNeverWritten(Source source)
    {
        foreach (var (name, template) in source.Templates)
        {
            if (template is null)
            {
                continue;
            }

            var written = SectionsWritten(source.Process, name);
            var token = source.FirstStepWith(name) is { } step ? source.StepProperty(step) : source.FormToken(name);
            foreach (var section in template.Sections.Where(s => !written.Contains(s.Key)))
            {
                foreach (var field in section.Fields.Intersect(template.RequiredFields).Except(template.ComputedFields))
                {
                    var label = template.LabelOf(field) ?? new LocalizedText(field, field);
                    yield return Finding(
                        "process.required-field-unwritten",
                        token,
                        $"表单「{name}」的必填字段「{label.ZhCn}」（{field}）所在的部分「{section.Title.ZhCn}」没有任何步骤填写",
                        $"The required field \"{label.En}\" ({field}) of the form \"{name}\" is in the section \"{section.Title.En}\", which no step writes");
                }
            }
        }
    }

    private static HashSet<string> SectionsWritten(ProcessDefinition process, string form)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in process.Steps.Values.Where(s => TaskOf(s)?.Form == form))
        {
            written.UnionWith(TaskOf(step)!.Access.Write);
            switch (step)
            {
                case ReviewStep review:
                    written.UnionWith(review.ReviewerAccess.Write);
                    break;
                case RecurringStep recurring:
                    written.UnionWith(recurring.ReviewerAccess.Write);
                    break;
                case ConfirmationStep confirmation:
                    written.UnionWith(confirmation.Parties.SelectMany(p => p.Access.Write));
                    break;
            }
        }

        return written;
    }

    private static IEnumerable<LintFinding> MisplacedReminders(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (TaskOf(source.Graph[id]) is not { } task)
            {
                continue;
            }

            var step = source.StepObject(id);
            for (var i = 0; i < task.Reminders.Count; i++)
            {
                foreach (var finding in ReminderProblems(id, task, task.Reminders[i], step["reminders"]![i]!))
                {
                    yield return finding;
                }
            }

            if (task.Escalation is not null && task.Due is null)
            {
                yield return Finding(
                    "process.escalation-without-due",
                    step["escalation"]!,
                    $"步骤「{id}」设置了逾期升级，但没有截止时间（due），永远不会逾期",
                    $"The step \"{id}\" escalates when overdue but has no due time, so it is never overdue");
            }
        }
    }

    private static IEnumerable<LintFinding> ReminderProblems(string id, TaskSpec task, Reminder reminder, JToken token)
    {
        if (reminder.BeforeDue && task.Due is null)
        {
            yield return Finding(
                "process.reminder-without-due",
                token,
                $"步骤「{id}」的提醒设在截止前 {reminder.Offset}，但步骤没有截止时间（due）",
                $"The step \"{id}\" has a reminder {reminder.Offset} before its due time but no due time");
        }

        if (reminder.BeforeDue && (reminder.Offset.IsNegative || reminder.Offset.IsZero))
        {
            yield return Finding(
                "process.reminder-after-due",
                token,
                $"步骤「{id}」的截止前提醒 {reminder.Offset} 不早于截止时间；请写大于零的时长，如 P2D",
                $"The step \"{id}\" has a reminder {reminder.Offset} before its due time, which is not before it; write a duration above zero such as P2D");
        }

        if (!reminder.BeforeDue && task.Due is { Anchor: DeadlineAnchor.StepStart } due && reminder.Offset.Approximate >= due.Offset.Approximate)
        {
            yield return Finding(
                "process.reminder-after-due",
                token,
                $"步骤「{id}」的提醒在开始后 {reminder.Offset} 才发出，不早于开始后 {due.Offset} 的截止时间",
                $"The step \"{id}\" has a reminder {reminder.Offset} after its start, not before its due time {due.Offset} after the start");
        }
    }

    // Warnings: the organisation changes between publishing a process and launching it. Whether a relation finds
    // somebody is asked of Relationships, the runtime's own answer (Run.AssigneeAsync and the dry run ask it too). For a
    // process owned by a department, the people of that department and below — those it is made for — are named on
    // their own (process.relation-finds-nobody), and process.unresolved-assignee names the rest, so nobody twice.
    private static async Task<List<LintFinding>> UnresolvedAssigneesAsync(Source source, OrgChart organisation)
    {
        var relationships = Relationships.InMemory(organisation);
        var departments = organisation.Departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var owner = source.Process.OwnerDepartment is { } ownerId && departments.TryGetValue(ownerId, out var owning) ? owning : null;
        bool Owned(Person person) => owner is not null && DepartmentScope.Within(departments, person.DepartmentId, d => d.Id == owner.Id);
        var nobodyFor = new Dictionary<Assignee, List<Person>>();
        var findings = new List<LintFinding>();
        foreach (var id in source.Graph.Order)
        {
            foreach (var (assignee, token) in AssigneesOf(source.Graph[id], source.StepObject(id)))
            {
                // A named person is the same for every subject: there or not. The organisation keeps no one who has
                // left (an import replaces it), so someone who left is an unknown id like a mistyped one.
                if (assignee.PersonId is { } personId)
                {
                    if (await relationships.FindAsync(personId) is null)
                    {
                        findings.Add(Finding(
                            "process.unknown-person",
                            token,
                            $"步骤「{id}」的处理人「{assignee}」：组织中没有编号为「{personId}」的人（可能已离职或编号有误）",
                            $"The assignee \"{assignee}\" of the step \"{id}\": the organisation has nobody with the id \"{personId}\" (they may have left, or the id is wrong)"));
                    }

                    continue;
                }

                if (!nobodyFor.TryGetValue(assignee, out var subjects))
                {
                    subjects = await SubjectsWithoutAsync(relationships, organisation, assignee);
                    nobodyFor[assignee] = subjects;
                }

                var inOwner = subjects.Where(Owned).ToList();
                var elsewhere = subjects.Where(p => !Owned(p)).ToList();
                if (owner is not null && inOwner.Count > 0)
                {
                    findings.Add(RelationFindsNobody(source.Graph[id], assignee, token, owner, inOwner));
                }

                if (elsewhere.Count > 0)
                {
                    findings.Add(Finding(
                        "process.unresolved-assignee",
                        token,
                        $"步骤「{id}」的处理人「{assignee}」无法为 {elsewhere.Count} 人确定：{ZhNames(elsewhere)}",
                        $"The assignee \"{assignee}\" of the step \"{id}\" cannot be determined for {elsewhere.Count} {(elsewhere.Count == 1 ? "person" : "people")}: {EnNames(elsewhere)}",
                        LintSeverity.Warning));
                }
            }
        }

        return findings;
    }

    // 「跨级领导审批」：平台研发部（D210）有 3 人没有隔级上级：… — the step by its title, the relation as a launch names it.
    private static LintFinding RelationFindsNobody(Step step, Assignee assignee, JToken token, Department owner, List<Person> people)
    {
        var title = step.Title ?? new LocalizedText(step.Id, step.Id);
        var relation = assignee.Name;
        var zhNames = string.Join("、", people.Take(MaxOwnerNamesListed).Select(p => p.NameZh)) + (people.Count > MaxOwnerNamesListed ? $" 等（另外 {people.Count - MaxOwnerNamesListed} 人）" : string.Empty);
        var enNames = string.Join(", ", people.Take(MaxOwnerNamesListed).Select(p => p.NameEn)) + (people.Count > MaxOwnerNamesListed ? string.Create(CultureInfo.InvariantCulture, $" and {people.Count - MaxOwnerNamesListed} more") : string.Empty);
        return Finding(
            "process.relation-finds-nobody",
            token,
            $"步骤「{title.ZhCn}」：{owner.NameZh}（{owner.Id}）有 {people.Count} 人没有{relation.ZhCn}：{zhNames}；他们的任务将交给 HRBP 或管理员",
            string.Create(CultureInfo.InvariantCulture, $"The step \"{title.En}\": {people.Count} {(people.Count == 1 ? "person" : "people")} in {owner.NameEn} ({owner.Id}) {(people.Count == 1 ? "has" : "have")} no {relation.En}: {enNames}; their tasks will go to the HRBP or an administrator"),
            LintSeverity.Warning);
    }

    private static async Task<List<Person>> SubjectsWithoutAsync(Relationships relationships, OrgChart organisation, Assignee assignee)
    {
        var subjects = new List<Person>();
        foreach (var person in organisation.People)
        {
            if ((await relationships.ResolveAsync(assignee, person.Id)).Count == 0)
            {
                subjects.Add(person);
            }
        }

        return subjects;
    }

    private static IEnumerable<(Assignee Assignee, JToken Token)> AssigneesOf(Step step, JObject token) => step switch
    {
        FormStep form => [(form.Assignee, token["assignee"]!)],
        RecurringStep { Reviewer: { } reviewer } recurring => [(recurring.Assignee, token["assignee"]!), (reviewer, token["reviewer"]!)],
        RecurringStep recurring => [(recurring.Assignee, token["assignee"]!)],
        ApprovalStep approval => approval.Approvers.Select((a, i) => (a, token["approvers"]![i]!)),
        ReviewStep review => [(review.Author, token["author"]!), (review.Reviewer, token["reviewer"]!)],
        ConfirmationStep confirmation => confirmation.Parties.Select((p, i) => (p.Assignee, token["parties"]![i]!["assignee"]!)),
        NotifyStep notify => notify.To.Select((a, i) => (a, token["to"]![i]!)),
        _ => [],
    };

    private static TaskSpec? TaskOf(Step step) => step switch
    {
        FormStep s => s.Task,
        ApprovalStep s => s.Task,
        ReviewStep s => s.Task,
        ConfirmationStep s => s.Task,
        ForEachStep s => s.Task,
        RecurringStep s => s.Task,
        _ => null,
    };

    private static string ZhNames(List<Person> people) =>
        string.Join("、", people.Take(MaxNamesListed).Select(p => p.NameEn == p.NameZh ? p.NameZh : $"{p.NameZh} ({p.NameEn})"))
        + (people.Count > MaxNamesListed ? $" 以及另外 {people.Count - MaxNamesListed} 人" : string.Empty);

    private static string EnNames(List<Person> people) =>
        string.Join(", ", people.Take(MaxNamesListed).Select(p => p.NameEn))
        + (people.Count > MaxNamesListed ? string.Create(CultureInfo.InvariantCulture, $" and {people.Count - MaxNamesListed} more") : string.Empty);

    private static string ZhList(IEnumerable<string> ids) => string.Join("、", ids.Select(id => $"「{id}」"));

    private static string EnList(IEnumerable<string> ids) => string.Join(", ", ids.Select(id => $"\"{id}\""));

    private static LintFinding Finding(string code, JToken token, string zh, string en, LintSeverity severity = LintSeverity.Error) =>
        TemplateJson.Finding(code, token, new LocalizedText(zh, en), severity);

    /// <summary>The process, its document, the template of each form (null when unknown), and what its graph says.</summary>
    private sealed class Source
    {
        private readonly JObject steps;
        private readonly JObject forms;

        public Source(ProcessDefinition process, JObject document, IReadOnlyDictionary<string, FormTemplate?> templates)
        {
            Process = process;
            Templates = templates;
            steps = (JObject)document["steps"]!;
            forms = (JObject)document["forms"]!;
            Graph = new ProcessGraph(process.Steps, [.. steps.Properties().Select(p => p.Name).Where(process.Steps.ContainsKey)]);
            Reachable = Graph.ReachableFrom([process.Start]);
            var canEnd = Graph.CanReach(Graph.Order.Where(id => Graph[id] is EndStep));
            Stuck = Reachable.Where(id => !canEnd.Contains(id)).ToHashSet(StringComparer.Ordinal);
            ClosedLoops = [.. Graph.Loops(Stuck).Where(loop => !Graph.Leaves(loop))];
        }

        public ProcessDefinition Process { get; }

        public IReadOnlyDictionary<string, FormTemplate?> Templates { get; }

        public ProcessGraph Graph { get; }

        public HashSet<string> Reachable { get; }

        /// <summary>The reachable steps from which no end can be reached.</summary>
        public HashSet<string> Stuck { get; }

        /// <summary>The loops of stuck steps that no edge leaves: where every stuck step ends up.</summary>
        public IReadOnlyList<IReadOnlyList<string>> ClosedLoops { get; }

        /// <summary>The step's member of <c>steps</c>: its path, and its name's line.</summary>
        public JProperty StepProperty(string id) => steps.Property(id, StringComparison.Ordinal)!;

        public JObject StepObject(string id) => (JObject)steps[id]!;

        public JToken FormToken(string name) => forms[name]!;

        /// <summary>
        /// The first step whose task fills or reads <paramref name="form"/> in the order the process runs: fewest steps
        /// from the start, then document order; unreachable steps last. Null when no step uses the form.
        /// </summary>
        public string? FirstStepWith(string form)
        {
            var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [Process.Start] = 0 };
            var pending = new Queue<string>([Process.Start]);
            while (pending.TryDequeue(out var id))
            {
                foreach (var next in Process.Steps[id].Successors.Where(n => Process.Steps.ContainsKey(n) && !distance.ContainsKey(n)))
                {
                    distance[next] = distance[id] + 1;
                    pending.Enqueue(next);
                }
            }

            return Graph.Order
                .Where(id => TaskOf(Graph[id])?.Form == form)
                .OrderBy(id => distance.GetValueOrDefault(id, int.MaxValue))
                .ThenBy(Graph.Position)
                .FirstOrDefault();
        }
    }
}
