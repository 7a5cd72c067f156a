using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Calibrations;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Cycles;

/// <summary>A band of a guideline as a client writes and reads it: its name in both languages, its ratings, its percent.</summary>
internal sealed record GuidelineBandRequest(Texts? Label, IReadOnlyList<int>? Ratings, int Percent);

/// <summary>What opening a calibration takes: the department (its people and those of the departments below), and the guideline (default 20/70/10).</summary>
internal sealed record OpenCalibrationRequest(string? DepartmentId, IReadOnlyList<GuidelineBandRequest>? Guideline = null);

/// <summary>An adjustment: the final rating (one the rating field allows) and why (required, at most 500 characters).</summary>
internal sealed record AdjustRatingRequest(int? Rating, string? Reason);

/// <summary>A session in a list; <see cref="Version"/> is also its ETag (the If-Match of closing it).</summary>
internal sealed record CalibrationSummaryResponse(
    string Id,
    string CycleId,
    string CycleName,
    DepartmentRef Department,
    string Status,
    PersonRef OpenedBy,
    DateTimeOffset OpenedAt,
    PersonRef? ClosedBy,
    DateTimeOffset? ClosedAt,
    string Version)
{
    public static CalibrationSummaryResponse From(CalibrationSummary s) => new(
        s.Id, s.CycleId, s.CycleName, new DepartmentRef(s.DepartmentId, Texts.From(s.DepartmentName)), s.Status, PersonRef.From(s.OpenedBy), s.OpenedAt,
        s.ClosedBy is { } closer ? PersonRef.From(closer) : null, s.ClosedAt, s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A band against the people: the guideline's percent and count, the proposed and the final ratings' count and percent of the rated.</summary>
internal sealed record CalibrationBandResponse(Texts Label, IReadOnlyList<int> Ratings, int GuidelinePercent, int GuidelineCount, int ProposedCount, int ProposedPercent, int FinalCount, int FinalPercent);

/// <summary>A field of the person's instance the caller reads that speaks to the rating (a self-rating, the manager's summary).</summary>
internal sealed record CalibrationEvidenceResponse(string Form, string Field, Texts Label, string? Role, string Value);

/// <summary>
/// A person of the session: the proposed rating (null: not rated yet), the final one, the latest reason, who adjusted it
/// and when, the evidence the caller reads, and <see cref="Version"/> — the If-Match of adjusting their rating.
/// </summary>
internal sealed record CalibratedPersonResponse(
    PersonRef Person,
    PersonRef? Manager,
    string InstanceId,
    int? Proposed,
    int? Final,
    bool Adjusted,
    string? Reason,
    PersonRef? AdjustedBy,
    DateTimeOffset? AdjustedAt,
    string Version,
    IReadOnlyList<CalibrationEvidenceResponse> Evidence)
{
    public static CalibratedPersonResponse From(CalibratedPerson p) => new(
        PersonRef.From(p.Person), p.Manager is { } m ? PersonRef.From(m) : null, p.InstanceId, p.Proposed, p.Final, p.Adjusted, p.Reason,
        p.AdjustedBy is { } by ? PersonRef.From(by) : null, p.AdjustedAt, p.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [.. p.Evidence.Select(e => new CalibrationEvidenceResponse(e.Form, e.Field, Texts.From(e.Label), e.Role, e.Value))]);
}

/// <summary>A session as the caller reads it: the distribution against the guideline and the people side by side.</summary>
internal sealed record CalibrationResponse(
    CalibrationSummaryResponse Session,
    IReadOnlyList<int> RatingValues,
    IReadOnlyList<CalibrationBandResponse> Bands,
    int People,
    int Rated,
    int NotRated,
    IReadOnlyList<CalibratedPersonResponse> Persons)
{
    public static CalibrationResponse From(CalibrationView v) => new(
        CalibrationSummaryResponse.From(v.Session), v.RatingValues,
        [.. v.Bands.Select(b => new CalibrationBandResponse(Texts.From(b.Label), b.Ratings, b.GuidelinePercent, b.GuidelineCount, b.ProposedCount, b.ProposedPercent, b.FinalCount, b.FinalPercent))],
        v.People, v.Rated, v.NotRated, [.. v.Persons.Select(CalibratedPersonResponse.From)]);
}

/// <summary>
/// <c>/api/cycles/{cycleId}/calibrations</c> (docs/calibration.md): open a session for a department, read it, adjust a
/// person's rating with a reason (If-Match: the person's version), close it (If-Match: the session's version). The
/// heads and HRBPs of the department or of one above and administrators read and work in a session; an HRBP or an
/// administrator opens one (a head: 403). To anyone else a session — and a cycle they cannot open one in — is 404.
/// </summary>
internal static class CalibrationsApi
{
    public static IEndpointRouteBuilder MapCalibrationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cycles/{cycleId}/calibrations", OpenAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("OpenCalibration")
            .WithSummary("Open the calibration of a department's ratings in a cycle / 发起绩效校准")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/calibrations", ListAllAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("ListAllCalibrations")
            .WithSummary("Every calibration the caller may read, the newest first / 我可查看的绩效校准");
        app.MapGet("/api/cycles/{cycleId}/calibrations", ListAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("ListCalibrations")
            .WithSummary("The calibrations of a cycle the caller may read / 考核周期的绩效校准")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/cycles/{cycleId}/calibrations/{id}", GetAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("GetCalibration")
            .WithSummary("A calibration: the distribution against the guideline and the people with their evidence / 绩效校准详情")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPut("/api/cycles/{cycleId}/calibrations/{id}/people/{personId}", AdjustAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("AdjustCalibratedRating")
            .WithSummary("Adjust a person's rating with a reason (If-Match: the person's version) / 调整评分")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/cycles/{cycleId}/calibrations/{id}/close", CloseAsync)
            .RequireAuthorization()
            .WithTags("Calibrations")
            .WithName("CloseCalibration")
            .WithSummary("Close a calibration and release its final ratings (If-Match: its version) / 结束校准并发布结果")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Created<CalibrationResponse>, ProblemHttpResult>> OpenAsync(
        string cycleId, OpenCalibrationRequest request, HttpContext context, CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var bands = request.Guideline?.Select(b => new GuidelineBand(
            b.Label is { } label ? new LocalizedText(label.ZhCn ?? string.Empty, label.En ?? string.Empty) : new LocalizedText(string.Empty, string.Empty),
            b.Ratings ?? [],
            b.Percent)).ToList();
        var desk = new CalibrationDesk(database, clock);
        var outcome = await desk.OpenAsync(cycleId, request.DepartmentId ?? string.Empty, bands, current.Id, cancellationToken);
        if (outcome.Status != CalibrationOutcomeStatus.Done)
        {
            return Refused(context, outcome);
        }

        var view = (await desk.ReadAsync(cycleId, outcome.Id!, current.Id, cancellationToken))!;
        context.Response.Headers.ETag = EntityTags.Format(view.Session.Version);
        return TypedResults.Created($"/api/cycles/{Uri.EscapeDataString(cycleId)}/calibrations/{outcome.Id}", CalibrationResponse.From(view));
    }

    internal static async Task<Ok<IReadOnlyList<CalibrationSummaryResponse>>> ListAllAsync(CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CalibrationSummaryResponse>>([.. (await new CalibrationDesk(database, clock).AllAsync(current.Id, cancellationToken)).Select(CalibrationSummaryResponse.From)]);

    internal static async Task<Results<Ok<IReadOnlyList<CalibrationSummaryResponse>>, ProblemHttpResult>> ListAsync(
        string cycleId, HttpContext context, CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var list = await new CalibrationDesk(database, clock).ListAsync(cycleId, current.Id, cancellationToken);
        return list is null ? NotFound(context) : TypedResults.Ok<IReadOnlyList<CalibrationSummaryResponse>>([.. list.Select(CalibrationSummaryResponse.From)]);
    }

    internal static async Task<Results<Ok<CalibrationResponse>, ProblemHttpResult>> GetAsync(
        string cycleId, string id, HttpContext context, CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await new CalibrationDesk(database, clock).ReadAsync(cycleId, id, current.Id, cancellationToken) is not { } view)
        {
            return NotFound(context);
        }

        context.Response.Headers.ETag = EntityTags.Format(view.Session.Version);
        return TypedResults.Ok(CalibrationResponse.From(view));
    }

    internal static async Task<Results<Ok<CalibratedPersonResponse>, ProblemHttpResult>> AdjustAsync(
        string cycleId, string id, string personId, AdjustRatingRequest request, HttpContext context, CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!EntityTags.TryVersion(EntityTags.IfMatch(context.Request), out var version))
        {
            return BadIfMatch(context);
        }

        var desk = new CalibrationDesk(database, clock);
        var outcome = await desk.AdjustAsync(cycleId, id, personId, request.Rating, request.Reason, current.Id, version, cancellationToken);
        if (outcome.Status != CalibrationOutcomeStatus.Done)
        {
            return Refused(context, outcome);
        }

        var person = (await desk.ReadAsync(cycleId, id, current.Id, cancellationToken))!.Persons.Single(p => p.Person.Id == personId);
        context.Response.Headers.ETag = EntityTags.Format(person.Version);
        return TypedResults.Ok(CalibratedPersonResponse.From(person));
    }

    internal static async Task<Results<Ok<CalibrationResponse>, ProblemHttpResult>> CloseAsync(
        string cycleId, string id, HttpContext context, CurrentPerson current, Database database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!EntityTags.TryVersion(EntityTags.IfMatch(context.Request), out var version))
        {
            return BadIfMatch(context);
        }

        var desk = new CalibrationDesk(database, clock);
        var outcome = await desk.CloseAsync(cycleId, id, current.Id, version, cancellationToken);
        if (outcome.Status != CalibrationOutcomeStatus.Done)
        {
            return Refused(context, outcome);
        }

        var view = (await desk.ReadAsync(cycleId, id, current.Id, cancellationToken))!;
        context.Response.Headers.ETag = EntityTags.Format(view.Session.Version);
        return TypedResults.Ok(CalibrationResponse.From(view));
    }

    private static ProblemHttpResult Refused(HttpContext context, CalibrationOutcome outcome) => outcome.Status switch
    {
        CalibrationOutcomeStatus.Invalid => ApiProblems.Invalid(context, outcome.Problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message))),
        CalibrationOutcomeStatus.NotFound => NotFound(context),
        CalibrationOutcomeStatus.Forbidden => ApiProblems.Problem(context, StatusCodes.Status403Forbidden, outcome.Problems[0].Code, outcome.Problems[0].Message),
        _ => ApiProblems.Problem(context, StatusCodes.Status409Conflict, outcome.Problems[0].Code, outcome.Problems[0].Message),
    };

    private static ProblemHttpResult BadIfMatch(HttpContext context) =>
        ApiProblems.Invalid(context, [new FieldError("If-Match", "request.if-match", new LocalizedText("If-Match 须为校准或人员的 ETag（例如 \"3\"）。", "If-Match is the calibration's or the person's ETag (e.g. \"3\")."))]);

    private static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "calibration.not-found", new LocalizedText("没有这个校准，或您无权查看。", "There is no such calibration, or you may not see it."));
}
