using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FormFlow.Api.Tasks;

/// <summary>
/// The signed-in person's tasks: <c>GET /api/tasks</c> (inbox), <c>GET /api/tasks/{id}</c>, <c>PUT …/draft</c>,
/// <c>POST …/submit</c>, <c>…/approve</c>, <c>…/return</c>, <c>…/confirm</c>. Only one's own tasks: any other task
/// answers 404, whoever asks (administrators and overseers read instances instead). See docs/api-tasks.md.
/// </summary>
internal static class TasksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public static IServiceCollection AddFormFlowTasks(this IServiceCollection services)
    {
        services.AddSingleton(provider => new TaskDesk(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new InstanceDesk(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        // Mapped on the app, not the group: a group's "" route would be described as "/api/tasks/".
        app.MapGet("/api/tasks", InboxAsync).WithName("GetInbox").WithTags("Tasks")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("My tasks: filters, counts, pages / 我的任务：筛选、计数、分页")
            .WithPaging(PagingRules.Runtime).WithBooleanQuery("overdue")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        tasks.MapGet("/{id}", GetAsync).WithName("GetTask")
            .WithSummary("A task as its assignee sees it: the reduced form, render-ready in the Accept-Language, data, comments, history / 任务详情（表单按 Accept-Language 的语言给出）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPut("/{id}/draft", DraftAsync).WithName("SaveTaskDraft")
            .WithSummary("Save a draft (If-Match) / 保存草稿")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        tasks.MapPost("/{id}/submit", SubmitAsync).WithName("SubmitTask")
            .WithSummary("Submit the form (Idempotency-Key) / 提交表单")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tasks.MapPost("/{id}/approve", ApproveAsync).WithName("ApproveTask")
            .WithSummary("Approve (a review or an approval) / 通过")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tasks.MapPost("/{id}/return", ReturnAsync).WithName("ReturnTask")
            .WithSummary("Return with a reason and field comments / 退回并附字段意见")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tasks.MapPost("/{id}/confirm", ConfirmAsync).WithName("ConfirmTask")
            .WithSummary("Confirm the record as one party / 确认")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<Ok<InboxResponse>, ProblemHttpResult>> InboxAsync(
        HttpContext context,
        CurrentPerson me,
        TaskDesk desk,
        TimeProvider clock,
        string? status,
        string? process,
        string? cycle,
        string? overdue,
        string? page,
        string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (status is not (null or InboxQuery.Open or InboxQuery.Done))
        {
            errors.Add(new FieldError("status", "query.status", new LocalizedText("status 只能是 open 或 done。", "status is open or done.")));
        }

        var overdueOnly = false;
        if (overdue is not null && !bool.TryParse(overdue, out overdueOnly))
        {
            errors.Add(new FieldError("overdue", "query.boolean", new LocalizedText("overdue 只能是 true 或 false。", "overdue is true or false.")));
        }

        var (paging, pagingErrors) = Paging.Read(page, pageSize, PagingRules.Runtime);
        errors.AddRange(pagingErrors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var inbox = await desk.InboxAsync(me.Id, new InboxQuery { Status = status, ProcessKey = process, CycleId = cycle, OverdueOnly = overdueOnly, Page = paging.Page, PageSize = paging.PageSize }, cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new InboxResponse(
            inbox.Total,
            paging.Page,
            paging.PageSize,
            new InboxCountsResponse(inbox.Counts.Total, inbox.Counts.Open, inbox.Counts.Overdue, inbox.Counts.DueSoon),
            [.. inbox.Items.Select(i => TaskItemResponse.From(i, now))]));
    }

    internal static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, CurrentPerson me, TaskDesk desk, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await desk.OpenAsync(id, me.Id, cancellationToken) is not { } form)
        {
            return TaskProblems.NotFound(context);
        }

        context.Response.Headers.ETag = EntityTags.Format(form.Task.Version);
        var language = ProblemLanguage.Of(context);
        context.Response.Headers.ContentLanguage = language;
        context.Response.Headers.Vary = "Accept-Language";
        return TypedResults.Ok(TaskResponse.From(form, clock.GetUtcNow(), language));
    }

    internal static Task<Results<Ok<TaskItemResponse>, ProblemHttpResult>> DraftAsync(
        string id,
        TaskDataRequest request,
        HttpContext context,
        CurrentPerson me,
        TaskDesk desk,
        TimeProvider clock,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken) =>
        CommandAsync(context, clock, ifMatch, version => desk.SaveDraftAsync(id, me.Id, request.Data, version, cancellationToken));

    internal static Task<Results<Ok<TaskItemResponse>, ContentHttpResult, ProblemHttpResult>> SubmitAsync(string id, TaskDataRequest request, [AsParameters] TaskCommandContext command) =>
        command.RunAsync(id, request, (me, version, mark) => command.Desk.SubmitAsync(id, me, request.Data, version, mark, command.CancellationToken));

    internal static Task<Results<Ok<TaskItemResponse>, ContentHttpResult, ProblemHttpResult>> ApproveAsync(string id, TaskDecisionRequest? request, [AsParameters] TaskCommandContext command) =>
        command.RunAsync(id, request, (me, version, mark) => command.Desk.ApproveAsync(id, me, request?.Data, version, mark, command.CancellationToken));

    internal static Task<Results<Ok<TaskItemResponse>, ContentHttpResult, ProblemHttpResult>> ReturnAsync(string id, ReturnRequest request, [AsParameters] TaskCommandContext command) =>
        command.RunAsync(id, request, (me, version, mark) => command.Desk.ReturnAsync(
            id, me, request.Reason, [.. (request.Comments ?? []).Select(c => new ReturnComment(c.Field, c.Body))], version, mark, command.CancellationToken));

    internal static Task<Results<Ok<TaskItemResponse>, ContentHttpResult, ProblemHttpResult>> ConfirmAsync(string id, TaskDecisionRequest? request, [AsParameters] TaskCommandContext command) =>
        command.RunAsync(id, request, (me, version, mark) => command.Desk.ConfirmAsync(id, me, request?.Data, version, mark, command.CancellationToken));

    /// <summary>
    /// What every idempotent task command (submit, approve, return, confirm) takes besides its task id and body: the
    /// request, the signed-in person, the engine and store, the clock, the JSON options the answer is stored with, the
    /// <c>If-Match</c> and <c>Idempotency-Key</c> headers and the request's cancellation.
    /// </summary>
    internal sealed record TaskCommandContext(
        HttpContext Context,
        CurrentPerson Me,
        TaskDesk Desk,
        Database Database,
        TimeProvider Clock,
        Microsoft.Extensions.Options.IOptions<JsonOptions> Json,
        [FromHeader(Name = "If-Match")] string? IfMatch,
        [FromHeader(Name = IdempotencyHeader)] string? IdempotencyKey,
        CancellationToken CancellationToken)
    {
        /// <summary>
        /// Runs <paramref name="command"/> on task <paramref name="taskId"/> (given the person's id, the If-Match version
        /// and the claimed key to mark as it commits) once per Idempotency-Key. A retry whose first answer was lost after
        /// the command committed is answered with the task as it now stands.
        /// </summary>
        public Task<Results<Ok<TaskItemResponse>, ContentHttpResult, ProblemHttpResult>> RunAsync(string taskId, object? request, Func<string, int?, IdempotencyMark?, Task<TaskOutcome>> command) =>
            IdempotentAsync(
                Context, Database, Clock, Json.Value.SerializerOptions, Me.Id, IdempotencyKey, request, IfMatch,
                mark => CommandAsync(Context, Clock, IfMatch, version => command(Me.Id, version, mark)),
                new AnswerAgain<Ok<TaskItemResponse>>(StatusCodes.Status200OK, _ => TaskAsItStandsAsync(Context, Desk, Clock, taskId, Me.Id, CancellationToken)),
                CancellationToken);
    }

    /// <summary>
    /// How a command that marks its key in its own transaction answers a retry whose first answer was lost (its node
    /// stopped after the commit): the status of its success, and the answer rebuilt from what the command wrote (given
    /// when the key was claimed, in Unix milliseconds: the command ran after it).
    /// </summary>
    /// <param name="LocationOf">For a command that creates something (201): its address, from the kept answer's body,
    /// so that a replayed answer carries the <c>Location</c> header the first one did.</param>
    internal sealed record AnswerAgain<TOk>(int Status, Func<long, Task<Results<TOk, ProblemHttpResult>>> Answer, Func<string, string?>? LocationOf = null)
        where TOk : IResult;

    // The task as the command left it, as its own answer would have shown it.
    private static async Task<Results<Ok<TaskItemResponse>, ProblemHttpResult>> TaskAsItStandsAsync(
        HttpContext context, TaskDesk desk, TimeProvider clock, string taskId, string personId, CancellationToken cancellationToken)
    {
        if (await desk.ItemAsync(taskId, personId, cancellationToken) is not { } task)
        {
            return TaskProblems.NotFound(context);
        }

        context.Response.Headers.ETag = EntityTags.Format(task.Version);
        return TypedResults.Ok(TaskItemResponse.From(task, clock.GetUtcNow()));
    }

    // The frame of every command: read If-Match, run, answer the task as it now stands (with its ETag) or the problem.
    private static async Task<Results<Ok<TaskItemResponse>, ProblemHttpResult>> CommandAsync(HttpContext context, TimeProvider clock, string? ifMatch, Func<int?, Task<TaskOutcome>> command)
    {
        if (!EntityTags.TryVersion(EntityTags.ParseIfMatch(ifMatch), out var version))
        {
            return TaskProblems.BadHeader(context, "If-Match", "request.if-match", new LocalizedText("If-Match 须为任务的 ETag（例如 \"3\"）。", "If-Match is the task's ETag (e.g. \"3\")."));
        }

        var outcome = await command(version);
        if (outcome.Status != TaskOutcomeStatus.Done)
        {
            return TaskProblems.From(context, outcome);
        }

        var task = outcome.Task!;
        context.Response.Headers.ETag = EntityTags.Format(task.Version);
        return TypedResults.Ok(TaskItemResponse.From(task, clock.GetUtcNow()));
    }

    /// <summary>
    /// Runs a command once per <c>Idempotency-Key</c> (per person): a retry of the same request gets the first
    /// successful answer again (status and body, with <c>Idempotent-Replayed: true</c>) and writes nothing; the same key
    /// on another request → 422; while the first is still running → 409. A refused request frees its key. The one way
    /// every command of the API that must not run twice takes the key (the task commands, starting an instance, moving a
    /// meeting, recording KPI actuals).
    /// A command given <paramref name="answerAgain"/> is handed the claim to mark in its own transaction, so a retry
    /// after a crash between its commit and its answer is answered from what it wrote, never run twice.
    /// </summary>
    internal static async Task<Results<TOk, ContentHttpResult, ProblemHttpResult>> IdempotentAsync<TOk>(
        HttpContext context,
        Database database,
        TimeProvider clock,
        JsonSerializerOptions options,
        string personId,
        string? key,
        object? request,
        string? ifMatch,
        Func<IdempotencyMark?, Task<Results<TOk, ProblemHttpResult>>> command,
        AnswerAgain<TOk>? answerAgain,
        CancellationToken cancellationToken)
        where TOk : IResult, IValueHttpResult, IStatusCodeHttpResult
    {
        if (key is null)
        {
            return Widen(await command(null));
        }

        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            return TaskProblems.BadHeader(context, IdempotencyHeader, "request.idempotency-key", new LocalizedText($"Idempotency-Key 须为 1 到 {MaxKeyLength} 个字符。", $"Idempotency-Key is 1 to {MaxKeyLength} characters."));
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n{ifMatch}\n{JsonSerializer.Serialize(request, options)}")));
        var claim = await IdempotencyKeys.ClaimAsync(database, personId, key, hash, clock.GetUtcNow(), cancellationToken);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                if (StoredVersion(claim.Response) is { } replayedVersion)
                {
                    // The first answer's ETag, from the version in its body: a retry sees the same headers.
                    context.Response.Headers.ETag = EntityTags.Format(replayedVersion);
                }

                if (claim.Status == StatusCodes.Status201Created && answerAgain?.LocationOf is { } locate && claim.Response is { } kept && locate(kept) is { } location)
                {
                    context.Response.Headers.Location = location;
                }

                return TypedResults.Text(claim.Response ?? string.Empty, "application/json", Encoding.UTF8, claim.Status);
            case IdempotencyOutcome.Mismatch:
                return ApiProblems.Problem(context, StatusCodes.Status422UnprocessableEntity, "idempotency.key-reused", new LocalizedText(
                    "这个 Idempotency-Key 已用于另一个请求：请为新的请求换一个键。",
                    "This Idempotency-Key was used for another request: use a new key for a new request."));
            case IdempotencyOutcome.Committed when answerAgain is not null:
                var again = await answerAgain.Answer(claim.ClaimedAt);
                if (again.Result is TOk answered)
                {
                    await IdempotencyKeys.CompleteAsync(database, personId, key, claim.ClaimedAt, claim.Status ?? answerAgain.Status, JsonSerializer.Serialize(answered.Value, options), CancellationToken.None);
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return Widen(again);
            case IdempotencyOutcome.InFlight or IdempotencyOutcome.Committed:
                return InFlight(context);
        }

        var mark = answerAgain is null ? null : new IdempotencyMark(personId, key, claim.ClaimedAt, answerAgain.Status);
        Results<TOk, ProblemHttpResult> result;
        try
        {
            result = await command(mark);
        }
        catch
        {
            await IdempotencyKeys.ReleaseAsync(database, personId, key, claim.ClaimedAt, CancellationToken.None);
            throw;
        }

        if (result.Result is TOk ok)
        {
            await IdempotencyKeys.CompleteAsync(database, personId, key, claim.ClaimedAt, ok.StatusCode ?? StatusCodes.Status200OK, JsonSerializer.Serialize(ok.Value, options), CancellationToken.None);
        }
        else
        {
            await IdempotencyKeys.ReleaseAsync(database, personId, key, claim.ClaimedAt, CancellationToken.None);
        }

        return Widen(result);
    }

    /// <summary>409 while the first request under an Idempotency-Key is still being handled.</summary>
    internal static ProblemHttpResult InFlight(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status409Conflict, "idempotency.in-flight", new LocalizedText(
            "使用这个 Idempotency-Key 的请求仍在处理中：请稍后重试。",
            "The request with this Idempotency-Key is still being handled: retry shortly."));

    // The task version of a stored answer (a task as in the inbox); null when it has none.
    private static int? StoredVersion(string? response)
    {
        if (string.IsNullOrEmpty(response))
        {
            return null;
        }

        try
        {
            using var stored = JsonDocument.Parse(response);
            return stored.RootElement.ValueKind == JsonValueKind.Object
                && stored.RootElement.TryGetProperty("version", out var version)
                && version.TryGetInt32(out var number) ? number : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Results<TOk, ContentHttpResult, ProblemHttpResult> Widen<TOk>(Results<TOk, ProblemHttpResult> result)
        where TOk : IResult => result.Result switch
    {
        TOk ok => ok,
        ProblemHttpResult problem => problem,
        _ => throw new InvalidOperationException("unexpected result"),
    };
}
