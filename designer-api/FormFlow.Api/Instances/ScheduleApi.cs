using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Instances;

/// <summary>
/// A timer that will still act: <c>kind</c> reminder, escalation (with its <c>action</c>), wait, check-in or
/// date-reminder (a date written in a form); the step; when; for whom (null at an anonymous step, for a wait and for a
/// date reminder, which goes to several people).
/// </summary>
internal sealed record PendingTimerResponse(string Kind, string? Action, Named Step, DateTimeOffset DueAt, PersonRef? For);

/// <summary>A notice the instance sent to the caller (<c>copy</c> when they were copied on it), its status and channels.</summary>
internal sealed record NoticeResponse(string Id, string Event, bool Copy, Named? Step, string Status, IReadOnlyList<string> Channels, DateTimeOffset QueuedAt, DateTimeOffset? SentAt);

/// <summary>An instance's schedule as the caller may see it.</summary>
internal sealed record ScheduleResponse(string InstanceId, IReadOnlyList<PendingTimerResponse> Pending, IReadOnlyList<NoticeResponse> Notices);

/// <summary><c>GET /api/instances/{id}/schedule</c>: for whoever may read the instance (docs/api-tasks.md); anyone else 404.</summary>
internal static class ScheduleApi
{
    internal static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, CurrentPerson me, InstanceDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.ScheduleAsync(id, me.Id, cancellationToken) is not { } schedule)
        {
            return ApiProblems.Problem(context, StatusCodes.Status404NotFound, "instance.not-found", new LocalizedText("没有这个流程实例，或你无权查看。", "There is no such instance, or you may not see it."));
        }

        return TypedResults.Ok(new ScheduleResponse(
            schedule.InstanceId,
            [.. schedule.Pending.Select(p => new PendingTimerResponse(p.Kind, p.Action, new Named(p.Step, Texts.From(p.StepTitle)), p.DueAt, p.For is { } person ? PersonRef.From(person) : null))],
            [.. schedule.Notices.Select(n => new NoticeResponse(
                n.Id, n.Event, n.Copy, n.Step is { } step ? new Named(step, Texts.From(n.StepTitle!)) : null, n.Status, n.Channels, n.QueuedAt, n.SentAt))]));
    }
}
