using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Delivery;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Outbox;

/// <summary>
/// A message of the outbox: the event, to whom and who is copied, what it is about (nothing for an anonymous step), its
/// status, attempts and last error, the channels it went out on, and when it was queued, is tried next and was sent.
/// </summary>
internal sealed record OutboxItemResponse(
    string Id,
    string Event,
    PersonRef Recipient,
    IReadOnlyList<PersonRef> Copies,
    string? InstanceId,
    string? Process,
    string? Step,
    string Status,
    int Attempts,
    string? LastError,
    IReadOnlyList<string> Channels,
    DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt)
{
    public static OutboxItemResponse From(OutboxItem item) => new(
        item.Id,
        item.Event,
        PersonRef.From(item.Recipient),
        [.. item.Copies.Select(PersonRef.From)],
        item.InstanceId,
        item.ProcessKey,
        item.Step,
        item.Status,
        item.Attempts,
        item.LastError,
        item.Channels,
        item.QueuedAt,
        item.NextAttemptAt,
        item.SentAt);
}

/// <summary>A message a person received, as they may choose it to preview its notification template over.</summary>
internal sealed record ReceivedMessageResponse(string Id, string Event, string? Process, string? Step, DateTimeOffset QueuedAt);

/// <summary>
/// <c>/api/outbox</c>, for administrators: the messages by status (<c>GET</c>) and a dead message put back to be
/// delivered (<c>POST /api/outbox/{id}/retry</c>). Anyone else gets 403 before anything is read (docs/notifications.md).
/// </summary>
internal static class OutboxApi
{
    private const int ReceivedShown = 50;

    public static IEndpointRouteBuilder MapOutboxApi(this IEndpointRouteBuilder app)
    {
        // Mapped on the app, not a group: a group's "" route would be described as "/api/outbox/".
        app.MapGet("/api/outbox", ListAsync).WithName("ListOutbox").WithTags("Outbox")
            .WithSummary("The outbox by status, newest first (administrators) / 通知发件箱（仅管理员）")
            .WithPaging(PagingRules.Standard)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPost("/api/outbox/{id}/retry", RetryAsync).WithName("RetryOutboxMessage").WithTags("Outbox")
            .WithSummary("Put a dead message back to be delivered (administrators) / 重新投递失败的通知（仅管理员）")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/me/messages", ReceivedAsync).WithName("ListMyMessages").WithTags("Outbox")
            .WithSummary("The newest messages of an event sent to me (at most 50) / 我收到的某类通知（最近 50 条）")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ReceivedMessageResponse>>, ProblemHttpResult>> ReceivedAsync(
        HttpContext context, CurrentPerson me, Database database, TimeProvider clock, string? @event, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(@event))
        {
            return ApiProblems.Invalid(context, [new FieldError("event", "messages.event-missing", new LocalizedText("请给出通知事件（event），例如 task.assigned。", "Give the notification's event (event), e.g. task.assigned."))]);
        }

        var received = await new OutboxDesk(database, clock).ReceivedAsync(me.Id, @event, ReceivedShown, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ReceivedMessageResponse>>([.. received.Select(m => new ReceivedMessageResponse(m.Id, m.Event, m.ProcessKey, m.Step, m.QueuedAt))]);
    }

    private static ProblemHttpResult Forbidden(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "outbox.forbidden", new LocalizedText("只有管理员可以查看和重发通知。", "Only an administrator may see and retry notifications."));

    internal static async Task<Results<Ok<ListPage<OutboxItemResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context, CurrentPerson me, Database database, TimeProvider clock, string? status, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!me.HasRole(Role.Admin))
        {
            return Forbidden(context);
        }

        var (paging, pagingErrors) = Paging.Read(page, pageSize);
        var errors = new List<FieldError>(pagingErrors);
        if (status is not null && !OutboxDesk.Statuses.Contains(status, StringComparer.Ordinal))
        {
            var known = string.Join(", ", OutboxDesk.Statuses);
            errors.Add(new FieldError("status", "outbox.status", new LocalizedText($"status 须为 {known} 之一。", $"status is one of {known}.")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var found = await new OutboxDesk(database, clock).ListAsync(status, paging.Page, paging.PageSize, cancellationToken);
        return TypedResults.Ok(paging.Of([.. found.Items.Select(OutboxItemResponse.From)], found.Total));
    }

    internal static async Task<Results<Ok<OutboxItemResponse>, ProblemHttpResult>> RetryAsync(
        string id, HttpContext context, CurrentPerson me, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!me.HasRole(Role.Admin))
        {
            return Forbidden(context);
        }

        var retry = await new OutboxDesk(database, clock).RetryAsync(id, me.Id, cancellationToken);
        return retry.Status switch
        {
            OutboxRetryStatus.Retried => TypedResults.Ok(OutboxItemResponse.From(retry.Item!)),
            OutboxRetryStatus.NotDead => ApiProblems.Problem(context, StatusCodes.Status409Conflict, "outbox.not-dead", new LocalizedText(
                "此通知不是投递失败状态（可能已被他人重发），无需重发。", "The message is not dead (someone may have retried it already): there is nothing to retry.")),
            _ => ApiProblems.Problem(context, StatusCodes.Status404NotFound, "outbox.not-found", new LocalizedText("没有这条通知。", "There is no such message.")),
        };
    }
}
