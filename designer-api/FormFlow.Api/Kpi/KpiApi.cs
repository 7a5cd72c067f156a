using System.Globalization;
using FormFlow.Actuals;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.Organisation;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FormFlow.Api.Kpi;

/// <summary>
/// KPI actuals and boards (docs/kpi-actuals.md): <c>POST /api/kpi/actuals</c> (typed on the page, or pushed by another
/// system with an <c>Idempotency-Key</c>), <c>POST /api/kpi/actuals/import</c> (a .csv or .xlsx file),
/// <c>GET /api/kpi/people</c>, <c>GET /api/kpi/people/{id}/board</c>, <c>GET /api/kpi/team</c>. All three ways in go
/// through the engine's one command (<see cref="KpiDesk.RecordAsync"/>). Who may: the person, their managers up the chain,
/// their department's heads and HRBPs, administrators; for anyone else the person does not exist (404).
/// </summary>
internal static class KpiApi
{
    private const int MaxEntries = 5000;

    public static IServiceCollection AddFormFlowKpi(this IServiceCollection services) =>
        services.AddSingleton(provider => new KpiDesk(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>()));

    public static IEndpointRouteBuilder MapKpiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/kpi").RequireAuthorization().WithTags("KPI")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/actuals", RecordAsync)
            .WithName("RecordActuals")
            .WithSummary("Record KPI actuals, all or none; pushed by another system with an Idempotency-Key / 录入 KPI 实际值")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/actuals/import", ImportAsync)
            .WithName("ImportActuals")
            .WithSummary("Import KPI actuals from a .csv or .xlsx file, all rows or none / 导入 KPI 实际值")
            .WithMetadata(UploadLimit.Instance)
            .AddOpenApiOperationTransformer(OrganisationApi.DescribeFileBody("The actuals (.csv in UTF-8 or .xlsx; columns person_id, indicator, period, value; see docs/kpi-actuals.md), as the body or as the one file of a form / 实际值文件"))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/people", PeopleAsync)
            .WithName("ListKpiPeople")
            .WithSummary("The people whose actuals I may enter: myself, then those I oversee / 可录入实际值的人员");
        group.MapGet("/people/{id}/board", BoardAsync)
            .WithName("GetKpiBoard")
            .WithSummary("A person's KPI board: indicators, values over time, warnings / 个人 KPI 看板")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/team", TeamAsync)
            .WithName("GetKpiTeamBoard")
            .WithSummary("The KPI boards of the people I oversee / 团队 KPI 看板");
        return app;
    }

    internal static async Task<Results<Ok<RecordActualsResponse>, ContentHttpResult, ProblemHttpResult>> RecordAsync(
        RecordActualsRequest? request,
        HttpContext context,
        CurrentPerson me,
        KpiDesk desk,
        Database database,
        TimeProvider clock,
        IOptions<JsonOptions> json,
        [FromHeader(Name = TasksApi.IdempotencyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request?.Entries is not { Count: > 0 and <= MaxEntries })
        {
            errors.Add(new FieldError("/entries", "actuals.entries", new LocalizedText(
                $"entries 是 1 到 {MaxEntries} 个实际值：personId、indicator、period、value。", $"entries is 1 to {MaxEntries} actuals: personId, indicator, period, value.")));
        }

        if (request?.Source is not (null or ActualSource.Hand or ActualSource.Api))
        {
            errors.Add(new FieldError("/source", "actuals.source", new LocalizedText("source 只能是 hand 或 api。", "source is hand or api.")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        return await TasksApi.IdempotentAsync(
            context, database, clock, json.Value.SerializerOptions, me.Id, idempotencyKey, request, ifMatch: null,
            mark => RecordOnceAsync(request!, context, me, desk, mark, cancellationToken),
            new TasksApi.AnswerAgain<Ok<RecordActualsResponse>>(StatusCodes.Status200OK, async claimedAt =>
            {
                var recorded = await desk.RecordedAsync(Entries(request!), claimedAt, cancellationToken);
                return TypedResults.Ok(new RecordActualsResponse(recorded.Written, recorded.WarningsOpened));
            }),
            cancellationToken);
    }

    private static List<ActualEntry> Entries(RecordActualsRequest request) =>
        [.. request.Entries!.Select((e, i) => new ActualEntry(e.PersonId, e.Indicator, e.Period, e.Value, i + 1))];

    private static async Task<Results<Ok<RecordActualsResponse>, ProblemHttpResult>> RecordOnceAsync(
        RecordActualsRequest request, HttpContext context, CurrentPerson me, KpiDesk desk, IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        var outcome = await desk.RecordAsync(me.Id, Entries(request), request.Source ?? ActualSource.Api, mark, cancellationToken);
        if (outcome.Recorded)
        {
            return TypedResults.Ok(new RecordActualsResponse(outcome.Written, outcome.WarningsOpened));
        }

        if (outcome.Problems.Any(p => p.Code == ActualsOutcome.KeyTaken))
        {
            // A retry took the key over while this request ran past IdempotencyKeys.Abandoned: that one answers.
            return TasksApi.InFlight(context);
        }

        if (outcome.Problems.Any(p => p.Code == "actuals.person-unknown"))
        {
            // As for a board: a person one may not record for does not exist for the caller.
            return NotFound(context);
        }

        return ApiProblems.Invalid(context, outcome.Problems.Select(p => new FieldError(
            p.Row > 0 ? string.Create(CultureInfo.InvariantCulture, $"/entries/{p.Row - 1}/{Member(p.Column)}") : "/entries", p.Code, p.Message)));
    }

    internal static async Task<Results<Ok<RecordActualsResponse>, ProblemHttpResult>> ImportAsync(HttpContext context, CurrentPerson me, KpiDesk desk, CancellationToken cancellationToken)
    {
        var (upload, fileName, refused) = await OrganisationApi.ReadUploadAsync(context, "actuals", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var file = upload!;
        var outcome = await desk.ImportAsync(me.Id, file, fileName!, cancellationToken);
        if (outcome.Recorded)
        {
            return TypedResults.Ok(new RecordActualsResponse(outcome.Written, outcome.WarningsOpened));
        }

        var details = ApiProblems.InvalidDetails(context, outcome.Problems.Select(p => new FieldError(Pointer(p), p.Code, p.Message)));
        details.Extensions[ApiProblems.ProblemsKey] = outcome.Problems
            .Select(p => new ImportProblemBody(p.Code, p.Row, p.Rows, p.Column, ProblemLanguage.Say(context, p.Message)))
            .ToList();
        return TypedResults.Problem(details);
    }

    internal static async Task<Ok<KpiPeopleResponse>> PeopleAsync(CurrentPerson me, KpiDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(new KpiPeopleResponse([.. (await desk.PeopleAsync(me.Id, cancellationToken)).Select(p => new PersonNameRef(p.Id, Texts.From(p.Name)))]));

    internal static async Task<Results<Ok<KpiBoardResponse>, ProblemHttpResult>> BoardAsync(string id, HttpContext context, CurrentPerson me, KpiDesk desk, CancellationToken cancellationToken) =>
        await desk.BoardAsync(me.Id, id, cancellationToken) is { } board ? TypedResults.Ok(KpiBoardResponse.From(board)) : NotFound(context);

    internal static async Task<Ok<KpiTeamResponse>> TeamAsync(CurrentPerson me, KpiDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(new KpiTeamResponse([.. (await desk.TeamAsync(me.Id, cancellationToken)).Select(KpiBoardResponse.From)]));

    private static ProblemHttpResult NotFound(HttpContext context) => ApiProblems.Problem(context, StatusCodes.Status404NotFound, "kpi.person-not-found", new LocalizedText(
        "没有这个人员，或您不能查看和录入其 KPI。", "There is no such person, or you may not read or record their KPIs."));

    private static string Member(string? column) => column switch
    {
        "person_id" => "personId",
        null => string.Empty,
        _ => column,
    };

    // Row and column of the file as a pointer: /{row}/{column}, /{row} for a whole row, "" for the whole file.
    private static string Pointer(FormFlow.Organisation.ImportProblem problem) =>
        (problem.Row, problem.Column) switch
        {
            (0, null) => string.Empty,
            (var row, null) => "/" + row.ToString(CultureInfo.InvariantCulture),
            (var row, var column) => "/" + row.ToString(CultureInfo.InvariantCulture) + "/" + column,
        };
}
