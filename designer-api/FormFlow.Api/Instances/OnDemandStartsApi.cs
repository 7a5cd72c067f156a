using System.Text.Json;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FormFlow.Api.Instances;

/// <summary>A process the caller may start on demand: its key, its title, and the people they may start it for (themselves first).</summary>
internal sealed record StartableProcessResponse(string Key, Texts Title, IReadOnlyList<PersonNameRef> For);

/// <summary>The processes the caller may start on demand, by key; empty when none.</summary>
internal sealed record StartableResponse(IReadOnlyList<StartableProcessResponse> Items);

/// <summary>Start one instance of <c>process</c> (a key) for <c>subject</c> (a person's id).</summary>
internal sealed record StartInstanceRequest(string? Process = null, string? Subject = null);

/// <summary>The instance started, and the caller's task in it when its first step is theirs (null when someone else acts first).</summary>
internal sealed record StartInstanceResponse(string InstanceId, string? TaskId);

/// <summary>
/// Processes started on demand, outside any cycle (a process's <c>startableBy</c>, docs/processes.md):
/// <c>GET /api/me/startable</c> lists what the caller may start and for whom, <c>POST /api/instances</c> starts one.
/// Who may is the engine's <see cref="OnDemandStarts"/>; see docs/api-tasks.md.
/// </summary>
internal static class OnDemandStartsApi
{
    private const int MaxId = 64;

    public static IServiceCollection AddFormFlowOnDemandStarts(this IServiceCollection services) =>
        services.AddSingleton(provider => new OnDemandStarts(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>()));

    public static IEndpointRouteBuilder MapOnDemandStartsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/startable", StartableAsync)
            .RequireAuthorization()
            .WithName("ListStartableProcesses")
            .WithTags("Instances")
            .WithSummary("The processes I may start on demand, and for whom / 我可以发起的流程及对象")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPost("/api/instances", StartAsync)
            .RequireAuthorization()
            .WithName("StartInstance")
            .WithTags("Instances")
            .WithSummary("Start one instance of a process for a person, as its startableBy allows (Idempotency-Key) / 发起流程")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Ok<StartableResponse>> StartableAsync(CurrentPerson me, OnDemandStarts starts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new StartableResponse([.. (await starts.StartableAsync(me.Id, cancellationToken)).Select(p => new StartableProcessResponse(
            p.Key, Texts.From(p.Title), [.. p.For.Select(person => new PersonNameRef(person.Id, Texts.From(person.Name)))]))]));

    /// <summary>
    /// Starts one instance; with an <c>Idempotency-Key</c> a retry (a second tap on a phone with a slow network) gets the
    /// first answer again and starts nothing more, as the task commands do.
    /// </summary>
    internal static async Task<Results<Created<StartInstanceResponse>, ContentHttpResult, ProblemHttpResult>> StartAsync(
        StartInstanceRequest? request,
        HttpContext context,
        CurrentPerson me,
        OnDemandStarts starts,
        Database database,
        TimeProvider clock,
        IOptions<JsonOptions> json,
        [FromHeader(Name = TasksApi.IdempotencyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request?.Process is not { Length: > 0 and <= MaxId })
        {
            errors.Add(new FieldError("/process", "start.process", new LocalizedText(
                "process 是要发起的流程的键，如 \"feedback-log\"。", "process is the key of the process to start, such as \"feedback-log\".")));
        }

        if (request?.Subject is not { Length: > 0 and <= MaxId })
        {
            errors.Add(new FieldError("/subject", "start.subject", new LocalizedText(
                "subject 是为其发起流程的人员编号，如 \"E012\"。", "subject is the id of the person the process is started for, such as \"E012\".")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        return await TasksApi.IdempotentAsync(
            context, database, clock, json.Value.SerializerOptions, me.Id, idempotencyKey, request, ifMatch: null,
            mark => StartOnceAsync(request!.Process!, request.Subject!, context, me, starts, mark, cancellationToken),
            new TasksApi.AnswerAgain<Created<StartInstanceResponse>>(
                StatusCodes.Status201Created,
                claimedAt => StartedAsync(request!.Process!, request.Subject!, context, me, starts, claimedAt, cancellationToken),
                kept => JsonSerializer.Deserialize<StartInstanceResponse>(kept, json.Value.SerializerOptions) is { InstanceId: { } id } ? InstanceLocation(id) : null),
            cancellationToken);
    }

    // The start a retry's first request made, as its lost answer would have shown it.
    private static async Task<Results<Created<StartInstanceResponse>, ProblemHttpResult>> StartedAsync(
        string process, string subject, HttpContext context, CurrentPerson me, OnDemandStarts starts, long claimedAt, CancellationToken cancellationToken)
    {
        if (await starts.StartedAsync(process, subject, me.Id, claimedAt, cancellationToken) is not { } started)
        {
            // Marked as committed, yet nothing found: answer as for a request still running rather than guess.
            return TasksApi.InFlight(context);
        }

        return Created(started);
    }

    private static Created<StartInstanceResponse> Created(OnDemandStart started) => TypedResults.Created(
        InstanceLocation(started.InstanceId!), new StartInstanceResponse(started.InstanceId!, started.StarterTaskId));

    private static string InstanceLocation(string instanceId) => $"/api/instances/{Uri.EscapeDataString(instanceId)}";

    private static async Task<Results<Created<StartInstanceResponse>, ProblemHttpResult>> StartOnceAsync(
        string process, string subject, HttpContext context, CurrentPerson me, OnDemandStarts starts, IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        var started = await starts.StartAsync(process, subject, me.Id, mark, cancellationToken);
        return started.Status switch
        {
            OnDemandStartStatus.Started => Created(started),
            OnDemandStartStatus.UnknownProcess => ApiProblems.Problem(context, StatusCodes.Status404NotFound, "start.unknown-process", new LocalizedText(
                $"没有已发布的流程「{process}」。", $"There is no published process \"{process}\".")),
            // The same answer whether the person exists or not: a refusal tells nobody who is in the organisation.
            _ => ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "start.forbidden", new LocalizedText(
                $"您不能为这个人发起流程「{process}」：只能为该流程允许的对象发起（见「发起」页面）。",
                $"You may not start \"{process}\" for this person: you may start it only for the people it lets you (see the Start page).")),
        };
    }
}
