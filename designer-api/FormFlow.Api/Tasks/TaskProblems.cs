using FormFlow.Api.Contracts;
using FormFlow.Api.Problems;
using ValidationProblem = FormFlow.Templates.ValidationProblem;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Tasks;

/// <summary>
/// How the engine's answers to a task command become Problem Details: not found → 404; fields the step does not let
/// the caller write → 403 naming each (JSON Pointer); invalid data → 400 per field; a closed task or an action that does
/// not fit it → 409 <c>task.not-applicable</c>; a blocked process → 409 <c>process.blocked</c> with the reason; a
/// stale <c>If-Match</c> → 409 <c>task.stale</c>; a concurrent change → 409 <c>task.conflict</c>.
/// </summary>
internal static class TaskProblems
{
    public static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "task.not-found", new LocalizedText("没有这个任务，或它不是你的任务。", "There is no such task, or it is not yours."));

    public static ProblemHttpResult From(HttpContext context, TaskOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var first = (outcome.Problems.Count > 0 ? outcome.Problems[0].Message : null);
        return outcome.Status switch
        {
            TaskOutcomeStatus.NotFound => NotFound(context),
            TaskOutcomeStatus.Invalid => ApiProblems.Invalid(context, Errors(outcome.Problems)),
            TaskOutcomeStatus.Forbidden => ApiProblems.WithErrors(context, StatusCodes.Status403Forbidden, "task.field-not-writable", new LocalizedText("此步骤不允许你填写这些字段，未保存任何内容。", "This step does not let you write these fields; nothing was saved."), Errors(outcome.Problems)),
            TaskOutcomeStatus.NotApplicable => ApiProblems.Problem(context, StatusCodes.Status409Conflict, "task.not-applicable", first ?? new LocalizedText("此任务不能这样处理。", "This task cannot be handled this way.")),
            TaskOutcomeStatus.Blocked => ApiProblems.Problem(context, StatusCodes.Status409Conflict, "process.blocked", first ?? new LocalizedText("流程无法继续。", "The process cannot go on.")),
            TaskOutcomeStatus.Stale => Stale(context, outcome),
            TaskOutcomeStatus.Conflict => ApiProblems.Problem(context, StatusCodes.Status409Conflict, "task.conflict", first ?? new LocalizedText("任务刚被修改。", "The task has just changed.")),
            _ => throw new InvalidOperationException($"not a problem: {outcome.Status}"),
        };
    }

    public static IEnumerable<FieldError> Errors(IEnumerable<ValidationProblem> problems) =>
        problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message));

    public static ProblemHttpResult BadHeader(HttpContext context, string header, string code, LocalizedText message) =>
        ApiProblems.Invalid(context, [new FieldError(header, code, message)]);

    private static ProblemHttpResult Stale(HttpContext context, TaskOutcome outcome)
    {
        var details = ApiProblems.Details(context, StatusCodes.Status409Conflict, "task.stale", (outcome.Problems.Count > 0 ? outcome.Problems[0].Message : null) ?? new LocalizedText("任务已被修改。", "The task has changed."));
        if (outcome.Task is { } task)
        {
            details.Extensions[ApiProblems.CurrentVersionKey] = task.Version;
            context.Response.Headers.ETag = EntityTags.Format(task.Version);
        }

        return TypedResults.Problem(details);
    }
}
