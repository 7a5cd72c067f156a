using FormFlow.Api.Authoring;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Organisation;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Indicators;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FormFlow.Api.Indicators;

/// <summary>A grade of an indicator: whom it is for and their target and threshold.</summary>
internal sealed record IndicatorGradeResponse(IReadOnlyList<string> Departments, IReadOnlyList<string> Levels, IReadOnlyList<string> RoleFamilies, double Target, double? Threshold);

/// <summary>Whom an indicator is for: department ids (with those below), levels, role families; empty lists mean anyone.</summary>
internal sealed record IndicatorScopeResponse(IReadOnlyList<string> Departments, IReadOnlyList<string> Levels, IReadOnlyList<string> RoleFamilies);

/// <summary>A published indicator of the library (docs/indicators.md).</summary>
internal sealed record IndicatorResponse(
    string Key,
    int Version,
    Texts Name,
    Texts Definition,
    string Unit,
    string Direction,
    string DataSource,
    string Frequency,
    double Target,
    double? Threshold,
    int WarnAfter,
    IndicatorScopeResponse AppliesTo,
    IReadOnlyList<IndicatorGradeResponse> Grades)
{
    public static IndicatorResponse From(Indicator i, int version) => new(
        i.Key,
        version,
        Texts.From(i.Name),
        Texts.From(i.Definition),
        i.Unit,
        i.Direction,
        i.DataSource,
        i.Frequency,
        i.Target,
        i.Threshold,
        i.WarnAfter,
        new IndicatorScopeResponse(i.AppliesTo.Departments, i.AppliesTo.Levels, i.AppliesTo.RoleFamilies),
        [.. i.Grades.Select(g => new IndicatorGradeResponse(g.Scope.Departments, g.Scope.Levels, g.Scope.RoleFamilies, g.Target, g.Threshold))]);
}

/// <summary>One proposal: the indicator's texts and settings, with the target and threshold for the person, and how well it fits (higher first).</summary>
internal sealed record IndicatorProposalResponse(
    string Key,
    Texts Name,
    Texts Definition,
    string Unit,
    string Direction,
    string DataSource,
    string Frequency,
    double Target,
    double? Threshold,
    int WarnAfter,
    int Score);

/// <summary>Whom proposals are for: the subject's id, role family (the form's when it chose one), level and department.</summary>
internal sealed record IndicatorSubjectResponse(string Id, string? RoleFamily, string? Level, string? DepartmentId);

/// <summary>The proposals for a task's list of indicators: the list and how many items it takes, whom they are for, the proposals best first.</summary>
internal sealed record IndicatorProposalsResponse(string Field, int? MinItems, int? MaxItems, IndicatorSubjectResponse Subject, IReadOnlyList<IndicatorProposalResponse> Proposals);

/// <summary>What a row of an imported sheet changes: <c>new</c>, <c>changed</c> or <c>unchanged</c>, and the version now current (after applying).</summary>
internal sealed record IndicatorImportRowResponse(int Row, string Key, string Change, int? Version);

/// <summary>An import of the library: applied (published) or only previewed, and what each row changes.</summary>
internal sealed record IndicatorImportResponse(bool Applied, IReadOnlyList<IndicatorImportRowResponse> Rows);

/// <summary>
/// <c>/api/indicators</c>: the published library (everyone signed in), its export as .xlsx and the import of one (HRBPs
/// and administrators, as for authoring it); <c>/api/tasks/{id}/indicator-proposals</c>: the library's indicators for
/// the subject of a task whose form holds indicators (its assignee only). Authoring the indicators themselves is the
/// generic authoring API's kind <c>indicators</c>. See docs/indicators.md.
/// </summary>
internal static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/indicators").RequireAuthorization().WithTags("Indicators")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapGet("/api/indicators", ListAsync).RequireAuthorization().WithTags("Indicators")
            .WithName("GetIndicatorLibrary")
            .WithSummary("The published indicator library, newest version of each / 指标库（已发布）")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/export", ExportAsync)
            .WithName("ExportIndicators")
            .WithSummary("The published library as an .xlsx workbook, headers in the Accept-Language (HRBPs and administrators) / 导出指标库")
            .Produces<byte[]>(StatusCodes.Status200OK, OrganisationApi.XlsxType)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/import", ImportAsync)
            .WithName("ImportIndicators")
            .WithSummary("Imports a sheet of indicators, all or nothing: ?apply=true publishes the new and changed ones, else only says what each row changes / 导入指标库")
            .WithMetadata(UploadLimit.Instance)
            .WithBooleanQuery("apply")
            .AddOpenApiOperationTransformer(OrganisationApi.DescribeFileBody("The sheet of indicators (.xlsx, or .csv in UTF-8; see docs/indicators.md), as the body or as the one file of a form / 指标库表格"))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/api/tasks/{id}/indicator-proposals", ProposalsAsync).RequireAuthorization().WithTags("Tasks")
            .WithName("GetIndicatorProposals")
            .WithSummary("The library's indicators for the subject of a task whose form holds indicators, best match first (the task's assignee) / 指标库推荐")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Ok<List<IndicatorResponse>>> ListAsync(Database db, CancellationToken ct)
    {
        var versions = (await FormFlow.Authoring.DefinitionAuthoring.ListAsync(db, FormFlow.Authoring.DefinitionKind.Indicator, ct)).ToDictionary(s => s.Key, s => s.LatestVersion ?? 0, StringComparer.Ordinal);
        var library = await IndicatorLibrary.PublishedAsync(db, ct);
        return TypedResults.Ok(library.Select(i => IndicatorResponse.From(i, versions.GetValueOrDefault(i.Key))).ToList());
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(HttpContext context, CurrentPerson me, Database db, CancellationToken ct)
    {
        if (!AuthoringAccess.MayAuthorEverything(me.Profile))
        {
            return AuthoringAccess.Forbidden(context);
        }

        var language = ProblemLanguage.Of(context);
        using var buffer = new MemoryStream();
        await IndicatorImport.ExportAsync(db, buffer, language, ct);
        var name = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "indicators.xlsx" : "指标库.xlsx";
        return TypedResults.File(buffer.ToArray(), OrganisationApi.XlsxType, name);
    }

    internal static async Task<Results<Ok<IndicatorImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext context,
        CurrentPerson me,
        Database db,
        TimeProvider clock,
        [FromQuery] string? apply,
        CancellationToken ct)
    {
        if (!AuthoringAccess.MayAuthorEverything(me.Profile))
        {
            return AuthoringAccess.Forbidden(context);
        }

        var applying = false;
        if (apply is not null && !bool.TryParse(apply, out applying))
        {
            return ApiProblems.Invalid(context, [new FieldError("apply", "query.boolean", new LocalizedText("apply 须为 true 或 false。", "apply must be true or false."))]);
        }

        var (file, fileName, refused) = await OrganisationApi.ReadUploadAsync(context, "indicators", ct);
        if (refused is not null)
        {
            return refused;
        }

        await using (file)
        {
            var outcome = await IndicatorImport.ImportAsync(db, file!, fileName!, applying, me.Id, clock, ct);
            if (outcome.Refused)
            {
                if (outcome.Problems.Any(p => p.Code == "import-conflict"))
                {
                    return ApiProblems.Problem(context, StatusCodes.Status409Conflict, "indicators.import-conflict", outcome.Problems[0].Message);
                }

                var details = ApiProblems.InvalidDetails(context, outcome.Problems.Select(p => new FieldError(Pointer(p), p.Code, p.Message)));
                details.Extensions[ApiProblems.ProblemsKey] = outcome.Problems
                    .Select(p => new ImportProblemBody(p.Code, p.Row, p.Rows, p.Column, ProblemLanguage.Say(context, p.Message)))
                    .ToList();
                return TypedResults.Problem(details);
            }

            return TypedResults.Ok(new IndicatorImportResponse(outcome.Applied, [.. outcome.Rows.Select(r => new IndicatorImportRowResponse(r.Row, r.Key, r.Change switch
            {
                IndicatorChange.New => "new",
                IndicatorChange.Changed => "changed",
                _ => "unchanged",
            }, r.Version))]));
        }
    }

    internal static async Task<Results<Ok<IndicatorProposalsResponse>, ProblemHttpResult>> ProposalsAsync(
        string id,
        HttpContext context,
        CurrentPerson me,
        Database db,
        TimeProvider clock,
        [FromQuery] string? roleFamily,
        CancellationToken ct)
    {
        if (roleFamily is { Length: > 64 })
        {
            return ApiProblems.Invalid(context, [new FieldError("roleFamily", "query.too-long", new LocalizedText("roleFamily 最多 64 个字符。", "roleFamily is at most 64 characters."))]);
        }

        if (await IndicatorLibrary.ProposeForTaskAsync(db, id, me.Id, roleFamily, clock, ct) is not { } found)
        {
            return TaskProblems.NotFound(context);
        }

        return TypedResults.Ok(new IndicatorProposalsResponse(
            found.Field,
            found.MinItems,
            found.MaxItems,
            new IndicatorSubjectResponse(found.SubjectId, found.Subject.RoleFamily, found.Subject.Level, found.Subject.Departments.Count > 0 ? found.Subject.Departments[0] : null),
            [.. found.Proposals.Select(p => new IndicatorProposalResponse(
                p.Indicator.Key,
                Texts.From(p.Indicator.Name),
                Texts.From(p.Indicator.Definition),
                p.Indicator.Unit,
                p.Indicator.Direction,
                p.Indicator.DataSource,
                p.Indicator.Frequency,
                p.Target,
                p.Threshold,
                p.Indicator.WarnAfter,
                p.Score))]));
    }

    private static string Pointer(FormFlow.Organisation.ImportProblem problem) => (problem.Row, problem.Column) switch
    {
        (0, null) => string.Empty,
        (var row, null) => "/" + row.ToString(System.Globalization.CultureInfo.InvariantCulture),
        (var row, var column) => "/" + row.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + column,
    };
}
