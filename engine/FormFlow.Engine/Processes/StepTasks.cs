namespace FormFlow.Processes;

/// <summary>What the human steps of a process hand to people: the task spec, and who reads and writes what.</summary>
internal static class StepTasks
{
    /// <summary>The task a human step gives; null for steps nobody acts on (decision, wait, notify, ...).</summary>
    public static TaskSpec? SpecOf(Step step) => step switch
    {
        FormStep s => s.Task,
        ReviewStep s => s.Task,
        ApprovalStep s => s.Task,
        ConfirmationStep s => s.Task,
        ForEachStep s => s.Task,
        RecurringStep s => s.Task,
        _ => null,
    };

    /// <summary>Every condition of a step: a decision's branches, a for-each's people, when it shows the subject or others its sections.</summary>
    public static IEnumerable<Expressions.FormExpression> ConditionsOf(Step step)
    {
        IEnumerable<Expressions.FormExpression> own = step switch
        {
            DecisionStep decision => decision.Branches.Select(b => b.When),
            ForEachStep forEach => [forEach.People],
            _ => [],
        };
        var task = SpecOf(step);
        var shown = (task?.VisibleTo?.Values ?? []).Select(g => g.When).Append(task?.VisibleToSubject?.When).OfType<Expressions.FormExpression>();
        return own.Concat(shown);
    }

    /// <summary>
    /// Whether a condition of these steps reads more of the subject than their id (<c>subject.level</c>, ...): only
    /// then does a run read the subject from the organisation, so that listing many instances costs no extra query.
    /// Asked once, when a process is read (<see cref="ProcessDefinition.ReadsSubjectFacts"/>): it walks every condition.
    /// </summary>
    public static bool ReadSubjectFacts(IEnumerable<Step> steps) =>
        steps.SelectMany(ConditionsOf).Any(c => c.ReadsWhole("subject") || c.ReferencesFrom("subject").Any(chain => chain.Count == 0 || chain[0] != "id"));

    /// <summary>
    /// Each part a step gives people, with who plays it (null for a for-each step: the people come from its list)
    /// and what they read and write. A reviewer reads what the author reads besides their own sections.
    /// </summary>
    public static IEnumerable<(Assignee? Assignee, TaskSpec Spec, Access Access)> AccessesOf(Step step) => step switch
    {
        FormStep s => [(s.Assignee, s.Task, s.Task.Access)],
        ReviewStep s => [(s.Author, s.Task, s.Task.Access), (s.Reviewer, s.Task, ReviewerAccess(s))],
        ApprovalStep s => s.Approvers.Select(a => ((Assignee?)a, s.Task, s.Task.Access)),
        ConfirmationStep s => s.Parties.Select(p => ((Assignee?)p.Assignee, s.Task, p.Access)),
        ForEachStep s => [(null, s.Task, s.Task.Access)],
        RecurringStep { Reviewer: { } reviewer } s => [(s.Assignee, s.Task, s.Task.Access), (reviewer, s.Task, s.ReviewerAccess)],
        RecurringStep s => [(s.Assignee, s.Task, s.Task.Access)],
        _ => [],
    };

    /// <summary>What the person playing <paramref name="part"/> of a step (a task's part) reads and writes.</summary>
    public static Access AccessOf(Step step, string part) => step switch
    {
        ReviewStep review when part == "reviewer" => ReviewerAccess(review),
        RecurringStep recurring when part.StartsWith(OccurrenceReviewPrefix, StringComparison.Ordinal) => recurring.ReviewerAccess,
        ConfirmationStep confirmation when part.StartsWith("party-", StringComparison.Ordinal) =>
            confirmation.Parties[int.Parse(part["party-".Length..], System.Globalization.CultureInfo.InvariantCulture)].Access,
        _ => SpecOf(step)?.Access ?? Access.None,
    };

    /// <summary>The part of a recurring step's reviewer for one occurrence: <c>review-N</c> (<c>Workflows.TaskPart.OccurrenceReview</c>).</summary>
    public const string OccurrenceReviewPrefix = "review-";

    /// <summary>
    /// What a recurring step's people read of each other's part beyond their own: the assignee reads the reviewer's
    /// feedback on the occurrences (the check-in thread), once it is written. None without a reviewer.
    /// </summary>
    public static Access ThreadOf(RecurringStep step) =>
        step.Reviewer is null ? Access.None : new Access([.. step.ReviewerAccess.Write], [], false);

    public static Access ReviewerAccess(ReviewStep step) => new(
        [.. step.Task.Access.Read.Union(step.ReviewerAccess.Read, StringComparer.Ordinal)],
        step.ReviewerAccess.Write,
        step.Task.Access.ReadsAll || step.ReviewerAccess.ReadsAll);
}
