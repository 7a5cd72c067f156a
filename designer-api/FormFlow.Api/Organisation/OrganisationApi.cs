using System.Globalization;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FormFlow.Api.Organisation;

/// <summary>What an organisation import did (or, on a dry run, would do).</summary>
internal sealed record OrganisationImportResponse(bool Imported, bool DryRun, int People, int Departments);

/// <summary>One problem of an organisation file, in the caller's language.</summary>
internal sealed record ImportProblemBody(string Code, int Row, IReadOnlyList<int> Rows, string? Column, string Message);

/// <summary>
/// <c>/api/organisation</c>: importing the organisation (administrators), reading its people — administrators and
/// HRBPs everyone, a manager or department head the people they oversee and themselves, anyone else themselves — and
/// its departments (administrators all; HRBPs and department heads theirs and those below).
/// </summary>
internal static class OrganisationApi
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The longest <c>q</c> a people search takes (longer is 400 naming <c>q</c>).</summary>
    public const int MaxQueryLength = 100;

    public static IEndpointRouteBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisation").RequireAuthorization().WithTags("Organisation");
        group.MapPost("/import", ImportAsync)
            .WithName("ImportOrganisation")
            .WithSummary("Import the organisation from a .csv or .xlsx file (administrators) / 导入组织架构（仅管理员）")
            .WithMetadata(UploadLimit.Instance)
            .AddOpenApiOperationTransformer(DescribeFileBody("The organisation file (.csv in UTF-8 or .xlsx; see docs/organisation.md), as the body or as the one file of a form / 组织架构文件"))
            .WithBooleanQuery("dryRun")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/people", ListPeopleAsync)
            .WithName("ListPeople")
            .WithSummary("People the caller may see, paginated, searchable by id or name / 可见人员列表")
            .WithPaging(PagingRules.Standard)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/departments", ListDepartmentsAsync)
            .WithName("ListDepartments")
            .WithSummary("The departments the caller may launch cycles for or heads, by id, with their people counts / 可见部门列表")
            .WithPaging(PagingRules.Standard)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/people/{id}", GetPersonAsync)
            .WithName("GetPerson")
            .WithSummary("One person, when the caller may see them / 人员详情")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    // The body is read by hand (so that any other media type gets this API's own 415), and described here.
    internal static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> DescribeFileBody(string description) => (operation, _, _) =>
    {
        static OpenApiMediaType File() => new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [CsvType] = File(),
                [XlsxType] = File(),
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                },
            },
        };
        return Task.CompletedTask;
    };

    internal static async Task<Results<Ok<OrganisationImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext context,
        CurrentPerson current,
        Database database,
        [FromQuery] string? dryRun,
        CancellationToken cancellationToken)
    {
        if (!current.HasRole(Role.Admin))
        {
            return ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "organisation.import-forbidden", new LocalizedText(
                "只有管理员可以导入组织架构。", "Only an administrator may import the organisation."));
        }

        var dry = false;
        if (dryRun is not null && !bool.TryParse(dryRun, out dry))
        {
            return ApiProblems.Invalid(context, [new FieldError("dryRun", "organisation.dry-run", new LocalizedText("dryRun 须为 true 或 false。", "dryRun must be true or false."))]);
        }

        var (file, fileName, refused) = await ReadUploadAsync(context, "organisation", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using (file)
        {
            var outcome = await OrganisationDirectory.ImportAsync(database, file!, fileName!, dry, cancellationToken);
            if (outcome.Problems.Count > 0)
            {
                var details = ApiProblems.InvalidDetails(context, outcome.Problems.Select(p => new FieldError(Pointer(p), p.Code, p.Message)));
                details.Extensions[ApiProblems.ProblemsKey] = outcome.Problems
                    .Select(p => new ImportProblemBody(p.Code, p.Row, p.Rows, p.Column, ProblemLanguage.Say(context, p.Message)))
                    .ToList();
                return TypedResults.Problem(details);
            }

            return TypedResults.Ok(new OrganisationImportResponse(outcome.Imported, dry, outcome.People, outcome.Departments));
        }
    }

    internal static async Task<Results<Ok<ListPage<PersonResponse>>, ProblemHttpResult>> ListPeopleAsync(
        HttpContext context,
        CurrentPerson current,
        Database database,
        [FromQuery] string? q,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        CancellationToken cancellationToken)
    {
        var (paging, pagingErrors) = Paging.Read(page, pageSize);
        var errors = pagingErrors.ToList();
        if (q is { Length: > MaxQueryLength })
        {
            errors.Add(new FieldError("q", "query.too-long", new LocalizedText(
                $"q 最多 {MaxQueryLength} 个字符。", $"q is at most {MaxQueryLength} characters.")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var found = await OrganisationDirectory.VisiblePeopleAsync(database, current.Profile, q, paging.Offset, paging.PageSize, cancellationToken);
        return TypedResults.Ok(paging.Of([.. found.People.Select(PersonResponse.From)], found.Total));
    }

    internal static async Task<Results<Ok<ListPage<DepartmentResponse>>, ProblemHttpResult>> ListDepartmentsAsync(
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

        // Those who may launch a cycle (administrators, HRBPs) or watch one (department heads) choose among departments;
        // a manager or an employee has none to choose, and the tree's shape is not theirs to map.
        var viewer = current.Profile;
        if (!viewer.HasRole(Role.Admin) && viewer.HrbpOf.Count == 0 && viewer.HeadOf.Count == 0)
        {
            return ApiProblems.Problem(context, StatusCodes.Status403Forbidden, "organisation.departments-forbidden", new LocalizedText(
                "只有管理员、HRBP 和部门负责人可以查看部门列表。", "Only an administrator, an HRBP or a department head may list departments."));
        }

        var departments = await OrganisationDirectory.DepartmentsAsync(database, viewer.Id, cancellationToken);
        var shown = departments.Skip(paging.Offset).Take(paging.PageSize).ToList();
        // Only the heads and HRBPs the page names are read, not the whole organisation.
        var names = await OrganisationDirectory.NamesAsync(database, [.. shown.SelectMany(d => new[] { d.HeadId, d.HrbpId }).OfType<string>()], cancellationToken);
        PersonNameRef? Named(string? id) => id is null ? null : new PersonNameRef(id, Texts.From(names.GetValueOrDefault(id) ?? new LocalizedText(id, id)));
        return TypedResults.Ok(paging.Of(
            [.. shown.Select(d => new DepartmentResponse(d.Id, Texts.From(d.Name), d.ParentId, Named(d.HeadId), Named(d.HrbpId), d.People, d.PeopleWithin, d.MayLaunch))],
            departments.Count));
    }

    internal static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> GetPersonAsync(
        string id,
        HttpContext context,
        CurrentPerson current,
        Database database,
        CancellationToken cancellationToken)
    {
        if (await OrganisationDirectory.VisiblePersonAsync(database, current.Profile, id, cancellationToken) is { } person)
        {
            return TypedResults.Ok(PersonResponse.From(person));
        }

        return ApiProblems.Problem(context, StatusCodes.Status404NotFound, "person.not-found", new LocalizedText(
            "没有这个人员，或您无权查看。", "There is no such person, or you may not see them."));
    }

    /// <summary>
    /// An uploaded spreadsheet: the body as text/csv or the .xlsx type, or the one file of a multipart form. The file (at
    /// its start) and a name whose extension says its type (<paramref name="stem"/>.csv/.xlsx for a bare body), or the
    /// 400/415 that refuses it.
    /// </summary>
    internal static async Task<(Stream? File, string? FileName, ProblemHttpResult? Problem)> ReadUploadAsync(HttpContext context, string stem, CancellationToken cancellationToken)
    {
        var request = context.Request;
        Stream file;
        string fileName;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return (null, null, ApiProblems.Invalid(context, [new FieldError("/file", "organisation.one-file", new LocalizedText(
                    "请上传且只上传一个文件（.csv 或 .xlsx）。", "Upload exactly one file (.csv or .xlsx)."))]));
            }

            var upload = form.Files[0];
            fileName = Path.GetExtension(upload.FileName).ToUpperInvariant() is ".CSV" or ".XLSX"
                ? upload.FileName
                : FileNameFor(upload.ContentType, stem) ?? upload.FileName;
            file = new MemoryStream();
            await upload.CopyToAsync(file, cancellationToken);
        }
        else if (FileNameFor(request.ContentType, stem) is { } name)
        {
            fileName = name;
            file = new MemoryStream();
            await request.Body.CopyToAsync(file, cancellationToken);
        }
        else
        {
            return (null, null, ApiProblems.Problem(context, StatusCodes.Status415UnsupportedMediaType, "organisation.media-type", new LocalizedText(
                $"请以 {CsvType}、{XlsxType} 或 multipart/form-data（一个文件）上传文件。",
                $"Send the file as {CsvType}, {XlsxType}, or multipart/form-data with one file.")));
        }

        file.Position = 0;
        return (file, fileName, null);
    }

    private static string? FileNameFor(string? contentType, string stem)
    {
        var media = contentType?.Split(';')[0].Trim();
        return media switch
        {
            _ when string.Equals(media, CsvType, StringComparison.OrdinalIgnoreCase) => stem + ".csv",
            _ when string.Equals(media, XlsxType, StringComparison.OrdinalIgnoreCase) => stem + ".xlsx",
            _ => null,
        };
    }

    // Row and column of the file as a pointer: /{row}/{column}, /{row} for a whole row, "" for the whole file.
    private static string Pointer(ImportProblem problem) =>
        (problem.Row, problem.Column) switch
        {
            (0, null) => string.Empty,
            (var row, null) => "/" + row.ToString(CultureInfo.InvariantCulture),
            (var row, var column) => "/" + row.ToString(CultureInfo.InvariantCulture) + "/" + column,
        };
}
