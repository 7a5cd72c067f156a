using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Authoring;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FormFlow.Api.Cycles;

/// <summary>Who a cycle is launched for: a department (and those below it), optionally only some roles or levels; or people by id.</summary>
internal sealed record PopulationRequest(
    string? DepartmentId = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? Levels = null,
    IReadOnlyList<string>? PersonIds = null);

/// <summary>What launching a cycle takes. The id is the client's: launching the same id again starts only the people not yet in it.</summary>
internal sealed record LaunchCycleRequest(
    string CycleId,
    string Name,
    string ProcessKey,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    PopulationRequest Population);

/// <summary>The new end of a cycle.</summary>
internal sealed record ExtendCycleRequest(DateTimeOffset EndsAt);

/// <summary>A cycle; <see cref="Version"/> is also its ETag.</summary>
internal sealed record CycleResponse(
    string Id,
    string Name,
    string ProcessKey,
    int ProcessVersion,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Status,
    DateTimeOffset CreatedAt,
    string Version)
{
    public static CycleResponse From(CycleInfo cycle) => new(cycle.Id, cycle.Name, cycle.ProcessKey, cycle.ProcessVersion, cycle.StartsAt, cycle.EndsAt, cycle.Status, cycle.CreatedAt, cycle.Version);
}

/// <summary>A person a launch could not start, and why (in the caller's language).</summary>
internal sealed record NotStartedResponse(string PersonId, string Code, string Reason);

/// <summary>What a launch did.</summary>
internal sealed record LaunchCycleResponse(CycleResponse Cycle, bool Created, int Started, int AlreadyInCycle, IReadOnlyList<NotStartedResponse> NotStarted);

/// <summary>Something the person launching should know before: the step, its assignee, how many people and a message naming them (in the caller's language).</summary>
internal sealed record LaunchFindingResponse(string Code, string Step, string Assignee, int Count, IReadOnlyList<string> PersonIds, string Message);

/// <summary>What a launch would do: the people it would start, those in the cycle already, who it could not start, and the findings. Nothing is written.</summary>
internal sealed record LaunchPreviewResponse(int ToStart, int AlreadyInCycle, IReadOnlyList<NotStartedResponse> NotStarted, IReadOnlyList<LaunchFindingResponse> Findings);

/// <summary>A department's or a manager's people in a cycle and how far their launched instances are.</summary>
internal sealed record CompletionResponse(string? Id, Texts? Name, int People, int Completed, int Running, int Cancelled);

/// <summary>An overdue task of the cycle: whose review, the process and step, who holds it (null at an anonymous step), when it was due and by how many days.</summary>
internal sealed record OverduePersonResponse(
    string InstanceId,
    PersonRef Person,
    Named Process,
    Named Step,
    PersonRef? Assignee,
    DateTimeOffset DueAt,
    int DaysOverdue);

/// <summary>How many of the cycle's ratings the caller may read were given each value the rating field allows (1 to 5 in the shipped annual review), and how many they are in all.</summary>
internal sealed record RatingsResponse(int Rated, IReadOnlyList<RatingCountResponse> Counts);

/// <summary>One rating value and how many instances were given it.</summary>
internal sealed record RatingCountResponse(int Rating, int Count);

/// <summary>
/// Where a cycle stands now: of the <see cref="Departments"/> departments and <see cref="Managers"/> managers its people
/// have (those without one counting as one) the 20 least complete, or all when there are no more.
/// </summary>
internal sealed record CycleProgressResponse(
    CycleResponse Cycle,
    DateTimeOffset AsOf,
    int People,
    int Completed,
    int Running,
    int Cancelled,
    int OpenTasks,
    int OverdueTasks,
    int Departments,
    int Managers,
    IReadOnlyList<CompletionResponse> ByDepartment,
    IReadOnlyList<CompletionResponse> ByManager);

/// <summary>
/// What of a cycle needs the caller's attention, as they see it (docs/api-cycles.md): the overdue tasks of the
/// instances they see (the most overdue first, at most 500; <see cref="OverdueTasks"/> counts them all) and the
/// ratings they read.
/// </summary>
internal sealed record CycleAttentionResponse(
    DateTimeOffset AsOf,
    int OverdueTasks,
    IReadOnlyList<OverduePersonResponse> Overdue,
    RatingsResponse Ratings);

/// <summary>What a command on a cycle changed: the cycle as it now stands and how many tasks or instances it moved or cancelled.</summary>
internal sealed record CycleChangeResponse(CycleResponse Cycle, int TasksMoved, int InstancesCancelled, int TasksCancelled);

/// <summary>
/// <c>/api/cycles</c>: launch a cycle, list and watch cycles, extend, close and cancel one. Who may: see
/// docs/api-cycles.md — launching (and its preview) as <see cref="ProcessRights"/> decides: administrators anything; an
/// HRBP or a department head the processes of the whole organisation or owned within their departments, for people of
/// the departments they serve or head (or below); managing: administrators and the HRBP of everybody in the cycle;
/// department heads watch cycles of their departments. A cycle the caller is in or oversees someone of, but may not act
/// on, answers 403; any other cycle 404, as if it did not exist.
/// </summary>
internal static class CyclesApi
{
    public static IEndpointRouteBuilder MapCyclesApi(this IEndpointRouteBuilder app)
    {
        // No route group: a group's own address would be mapped as "/api/cycles/".
        app.MapPost("/api/cycles", LaunchAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("LaunchCycle")
            .WithSummary("Launch a cycle (or launch it again: idempotent per cycle id) / 启动考核周期")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/cycles/preview", PreviewAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("PreviewCycleLaunch")
            .WithSummary("What launching a cycle would do, writing nothing: the people it would start and the findings / 预览启动考核周期")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/cycles", ListAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("ListCycles")
            .WithSummary("The cycles the caller may watch, newest first / 可查看的考核周期")
            .WithPaging(PagingRules.Standard)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/api/cycles/{id}", GetAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("GetCycle")
            .WithSummary("A cycle and its progress / 考核周期及其进度")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/cycles/{id}/attention", AttentionAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("GetCycleAttention")
            .WithSummary("A cycle's overdue people and rating distribution, as the caller sees them / 考核周期的逾期人员与评分分布")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/cycles/{id}/extend", ExtendAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("ExtendCycle")
            .WithSummary("Move a cycle's end and its open deadlines later (If-Match: its version) / 延长考核周期")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/cycles/{id}/close", CloseAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("CloseCycle")
            .WithSummary("Close a cycle to new launches (If-Match: its version) / 关闭考核周期")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/cycles/{id}/cancel", CancelAsync)
            .RequireAuthorization()
            .WithTags("Cycles")
            .WithName("CancelCycle")
            .WithSummary("Cancel a cycle and every running instance in it (If-Match: its version) / 取消考核周期")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Created<LaunchCycleResponse>, Ok<LaunchCycleResponse>, ProblemHttpResult>> LaunchAsync(
        LaunchCycleRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (cycleRequest, refused) = await AdmitAsync(request, context, current, database, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await CycleOperations.LaunchAsync(database, clock, cycleRequest!, cancellationToken);
        if (outcome.Status != CycleOutcomeStatus.Done)
        {
            return Invalid(context, outcome.Problems);
        }

        var body = new LaunchCycleResponse(
            CycleResponse.From(outcome.Cycle!),
            outcome.Created,
            outcome.Started,
            outcome.AlreadyInCycle,
            [.. outcome.NotStarted.Select(n => new NotStartedResponse(n.PersonId, n.Code, ProblemLanguage.Say(context, n.Reason)))]);
        SetETag(context, outcome.Cycle!);
        return outcome.Created
            ? TypedResults.Created($"/api/cycles/{Uri.EscapeDataString(outcome.Cycle!.Id)}", body)
            : TypedResults.Ok(body);
    }

    internal static async Task<Results<Ok<LaunchPreviewResponse>, ProblemHttpResult>> PreviewAsync(
        LaunchCycleRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (cycleRequest, refused) = await AdmitAsync(request, context, current, database, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await CycleOperations.PreviewAsync(database, clock, cycleRequest!, cancellationToken);
        if (outcome.Preview is not { } preview)
        {
            return Invalid(context, outcome.Problems);
        }

        return TypedResults.Ok(new LaunchPreviewResponse(
            preview.ToStart,
            preview.AlreadyInCycle,
            [.. preview.NotStarted.Select(n => new NotStartedResponse(n.PersonId, n.Code, ProblemLanguage.Say(context, n.Reason)))],
            [.. preview.Findings.Select(f => new LaunchFindingResponse(f.Code, f.Step, f.Assignee, f.PersonIds.Count, f.PersonIds, ProblemLanguage.Say(context, f.Message)))]));
    }

    // Who may launch (or preview a launch of) this cycle for this population: the request for the engine, or the refusal.
    private static async Task<(CycleRequest? Request, ProblemHttpResult? Refused)> AdmitAsync(
        LaunchCycleRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        CancellationToken cancellationToken)
    {
        var viewer = current.Profile;
        var population = PopulationOf(request.Population);
        if (await RefuseLaunchAsync(context, current, database, request.ProcessKey, null, population, cancellationToken) is { } refused)
        {
            return (null, refused);
        }

        if (!string.IsNullOrWhiteSpace(request.CycleId) && await CycleOperations.FindAsync(database, request.CycleId, cancellationToken) is not null
            && await CycleOperations.AccessAsync(database, viewer.Id, request.CycleId, cancellationToken) < CycleAccess.Manage)
        {
            return (null, ApiProblems.Problem(context, StatusCodes.Status409Conflict, "cycle.id-taken", new LocalizedText(
                $"周期编号「{request.CycleId}」已被另一个您无权管理的周期使用，请换一个编号。",
                $"The cycle id \"{request.CycleId}\" is taken by a cycle you may not manage: choose another id.")));
        }

        return (new CycleRequest(request.CycleId, request.Name, request.ProcessKey, request.StartsAt, request.EndsAt, population, viewer.Id), null);
    }

    /// <summary>The engine's population for a request's.</summary>
    internal static Population PopulationOf(PopulationRequest request) => new()
    {
        DepartmentId = request.DepartmentId,
        Roles = request.Roles ?? [],
        Levels = request.Levels ?? [],
        PersonIds = request.PersonIds,
    };

    /// <summary>
    /// The launch rule (the engine's <see cref="ProcessRights"/>), for a launch and for everything that stands in for one
    /// (a preview, a process's dry run): 403 saying why unless the caller may launch <paramref name="processKey"/> — or the
    /// unpublished <paramref name="draft"/> a dry run was sent — for <paramref name="population"/>; null when they may.
    /// </summary>
    internal static async Task<ProblemHttpResult?> RefuseLaunchAsync(HttpContext context, CurrentPerson current, Database database, string? processKey, string? draft, Population? population, CancellationToken cancellationToken)
    {
        var decision = await ProcessRights.MayLaunchAsync(database, current.Id, processKey ?? "", draft, population, cancellationToken);
        return decision.Allowed ? null : Forbidden(context, decision.Reason!);
    }

    internal static async Task<Results<Ok<ListPage<CycleResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        CurrentPerson current,
        Database database,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        CancellationToken cancellationToken)
    {
        var (paging, errors) = Paging.Read(page, pageSize);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var found = await CycleOperations.ListAsync(database, current.Id, paging.Page, paging.PageSize, cancellationToken);
        return TypedResults.Ok(paging.Of([.. found.Items.Select(CycleResponse.From)], found.Total));
    }

    internal static async Task<Results<Ok<CycleProgressResponse>, ProblemHttpResult>> GetAsync(
        string id,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await RefuseAsync(context, database, current.Id, id, CycleAccess.Watch, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await CycleOperations.ProgressAsync(database, clock, id, cancellationToken) is not { } progress)
        {
            return NotFound(context);
        }

        static CompletionResponse Completion(Completion c) => new(c.Id, c.Name is null ? null : Texts.From(c.Name), c.People, c.Completed, c.Running, c.Cancelled);
        SetETag(context, progress.Cycle);
        return TypedResults.Ok(new CycleProgressResponse(
            CycleResponse.From(progress.Cycle),
            progress.AsOf,
            progress.People,
            progress.Completed,
            progress.Running,
            progress.Cancelled,
            progress.OpenTasks,
            progress.OverdueTasks,
            progress.Departments,
            progress.Managers,
            [.. progress.ByDepartment.Select(Completion)],
            [.. progress.ByManager.Select(Completion)]));
    }

    internal static async Task<Results<Ok<CycleAttentionResponse>, ProblemHttpResult>> AttentionAsync(
        string id,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await RefuseAsync(context, database, current.Id, id, CycleAccess.Watch, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await CycleOperations.AttentionAsync(database, clock, id, current.Id, cancellationToken) is not { } attention)
        {
            return NotFound(context);
        }

        return TypedResults.Ok(new CycleAttentionResponse(
            attention.AsOf,
            attention.OverdueTasks,
            [.. attention.Overdue.Select(o => new OverduePersonResponse(
                o.InstanceId,
                PersonRef.From(o.Subject),
                new Named(o.ProcessKey, Texts.From(o.ProcessTitle)),
                new Named(o.Step, Texts.From(o.StepTitle)),
                o.Assignee is null ? null : PersonRef.From(o.Assignee),
                o.DueAt,
                o.DaysOverdue))],
            new RatingsResponse(attention.Ratings.Rated, [.. attention.Ratings.Counts.Select((count, i) => new RatingCountResponse(attention.Ratings.Values[i], count))])));
    }

    internal static Task<Results<Ok<CycleChangeResponse>, ProblemHttpResult>> ExtendAsync(
        string id,
        ExtendCycleRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken) =>
        CommandAsync(context, database, current.Id, id, version => CycleOperations.ExtendAsync(database, clock, id, request.EndsAt, current.Id, version, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<CycleChangeResponse>, ProblemHttpResult>> CloseAsync(
        string id,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken) =>
        CommandAsync(context, database, current.Id, id, version => CycleOperations.CloseAsync(database, clock, id, current.Id, version, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<CycleChangeResponse>, ProblemHttpResult>> CancelAsync(
        string id,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken) =>
        CommandAsync(context, database, current.Id, id, version => CycleOperations.CancelAsync(database, clock, id, current.Id, version, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<CycleChangeResponse>, ProblemHttpResult>> CommandAsync(
        HttpContext context,
        Database database,
        string viewerId,
        string cycleId,
        Func<string?, Task<CycleOutcome>> command,
        CancellationToken cancellationToken)
    {
        if (await RefuseAsync(context, database, viewerId, cycleId, CycleAccess.Manage, cancellationToken) is { } refused)
        {
            return refused;
        }

        // The version the client read: If-Match's first entity tag; none for "*" or no header.
        var outcome = await command(EntityTags.IfMatch(context.Request).First);
        switch (outcome.Status)
        {
            case CycleOutcomeStatus.NotFound:
                return NotFound(context);
            case CycleOutcomeStatus.Invalid:
                return Invalid(context, outcome.Problems);
            case CycleOutcomeStatus.Conflict:
                return ApiProblems.Problem(context, StatusCodes.Status409Conflict, "cycle.conflict", new LocalizedText(
                    "周期已被他人修改（If-Match 中的版本已过时）：请重新读取后再试。",
                    "The cycle has changed since you read it (the version in If-Match is stale): read it again and retry."));
            default:
                SetETag(context, outcome.Cycle!);
                return TypedResults.Ok(new CycleChangeResponse(CycleResponse.From(outcome.Cycle!), outcome.TasksMoved, outcome.InstancesCancelled, outcome.TasksCancelled));
        }
    }

    /// <summary>403 when the caller may know the cycle exists but lacks <paramref name="needed"/>; 404 when they may not know it; null when allowed.</summary>
    private static async Task<ProblemHttpResult?> RefuseAsync(HttpContext context, Database database, string viewerId, string cycleId, CycleAccess needed, CancellationToken cancellationToken)
    {
        var access = await CycleOperations.AccessAsync(database, viewerId, cycleId, cancellationToken);
        return access >= needed ? null
            : access == CycleAccess.None ? NotFound(context)
            : Forbidden(context, needed == CycleAccess.Manage
                ? new LocalizedText("只有管理员和周期内全部人员所在部门的 HRBP 可以管理这个周期。", "Only an administrator or the HRBP of everybody in the cycle may manage it.")
                : new LocalizedText("只有管理员、HRBP 和部门负责人可以查看这个周期的进度。", "Only an administrator, an HRBP or a department head of everybody in the cycle may watch it."));
    }

    private static void SetETag(HttpContext context, CycleInfo cycle) => context.Response.Headers.ETag = EntityTags.Format(cycle.Version);

    private static ProblemHttpResult Invalid(HttpContext context, IEnumerable<FormFlow.Templates.ValidationProblem> problems) =>
        ApiProblems.Invalid(context, problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message)));

    private static ProblemHttpResult Forbidden(HttpContext context, LocalizedText detail) =>
        ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "cycle.forbidden", detail);

    private static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "cycle.not-found", new LocalizedText(
            "没有这个考核周期，或您无权查看。", "There is no such cycle, or you may not see it."));
}
