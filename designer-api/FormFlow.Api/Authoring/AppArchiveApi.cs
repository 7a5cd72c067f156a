using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Authoring;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Authoring;

/// <summary>
/// <c>GET /api/authoring/export</c> and <c>POST /api/authoring/import</c>: a whole app as a zip of
/// <c>templates/*.json</c>, <c>processes/*.json</c>, <c>notifications/*.json</c> and <c>reports/*.json</c>, so that an
/// app can live in git.
/// </summary>
internal static class AppArchiveApi
{
    private static readonly FrozenDictionary<string, DefinitionKind> Folders = new Dictionary<string, DefinitionKind>(StringComparer.Ordinal)
    {
        ["templates"] = DefinitionKind.Template,
        ["processes"] = DefinitionKind.Process,
        ["notifications"] = DefinitionKind.Notification,
        ["reports"] = DefinitionKind.Report,
        ["indicators"] = DefinitionKind.Indicator,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapAppArchiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/authoring/export", ExportAsync)
            .WithName("ExportApp").WithTags("Authoring")
            .WithSummary("The whole app as a zip: newest published versions (drafts with ?drafts=true) / 导出应用")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/zip")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPost("/api/authoring/import", ImportAsync)
            .WithName("ImportApp").WithTags("Authoring")
            .WithSummary("Imports an app zip: all linted first, all or nothing; ?publish=true publishes what changed, else saves drafts; ?dryRun=true only says what it would do / 导入应用")
            .Accepts<byte[]>("application/zip")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Database db, CurrentPerson me, HttpContext context, CancellationToken ct, bool drafts = false)
    {
        if (drafts && !AuthoringAccess.MayAuthorEverything(me.Profile))
        {
            return AuthoringAccess.Forbidden(context);
        }

        var files = await DefinitionAuthoring.ExportAsync(db, drafts, ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = zip.CreateEntry($"{Folders.First(f => f.Value == file.Kind).Key}/{file.Key}.json", CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                await using var stream = await entry.OpenAsync(ct);
                var bytes = Encoding.UTF8.GetBytes(file.Body.EndsWith('\n') ? file.Body : file.Body + "\n");
                await stream.WriteAsync(bytes, ct);
            }
        }

        return TypedResults.File(buffer.ToArray(), "application/zip", drafts ? "formflow-app-drafts.zip" : "formflow-app.zip");
    }

    internal static async Task<Results<Ok<AppImportResponse>, ProblemHttpResult>> ImportAsync(
        Database db,
        CurrentPerson me,
        TimeProvider clock,
        IOptions<AuthoringOptions> options,
        HttpContext context,
        CancellationToken ct,
        bool publish = false,
        bool dryRun = false)
    {
        if (!AuthoringAccess.MayAuthorEverything(me.Profile))
        {
            return AuthoringAccess.Forbidden(context);
        }

        var limits = options.Value;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var sources = new List<ImportSource>();
        var unknown = new List<DefinitionFinding>();
        try
        {
            using var zip = new ZipArchive(body, ZipArchiveMode.Read);
            var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count > limits.MaxImportEntries)
            {
                return ApiProblems.Problem(context, StatusCodes.Status400BadRequest, "import.too-many-entries", new LocalizedText(
                    $"压缩包有 {files.Count} 个文件，最多 {limits.MaxImportEntries} 个。", $"The archive has {files.Count} files; at most {limits.MaxImportEntries} are taken."));
            }

            long total = 0;
            foreach (var entry in files)
            {
                var (text, size) = await ReadLimitedAsync(entry, Math.Min(limits.MaxImportEntryBytes, limits.MaxImportBytes - total), ct);
                total += size;
                if (text is null)
                {
                    return ApiProblems.Problem(context, StatusCodes.Status413PayloadTooLarge, "import.too-large", new LocalizedText(
                        $"压缩包解压后过大（每个文件最多 {limits.MaxImportEntryBytes:N0} 字节，总计最多 {limits.MaxImportBytes:N0} 字节）：「{entry.FullName}」处超出。",
                        $"The archive is too large uncompressed (at most {limits.MaxImportEntryBytes:N0} bytes a file, {limits.MaxImportBytes:N0} in all): over at \"{entry.FullName}\"."));
                }

                var parts = entry.FullName.Split('/');
                if (parts.Length == 2 && Folders.TryGetValue(parts[0], out var kind) && parts[1].EndsWith(".json", StringComparison.Ordinal) && parts[1].Length > 5)
                {
                    sources.Add(new ImportSource(entry.FullName, kind, text));
                }
                else
                {
                    unknown.Add(new DefinitionFinding("import.unknown-file", Templates.LintSeverity.Error, "$", new LocalizedText(
                        "不认识的文件：应用只包含 templates/、processes/、notifications/、reports/ 下的 *.json",
                        "Unknown file: an app holds only *.json under templates/, processes/, notifications/ and reports/"), File: entry.FullName));
                }
            }
        }
        catch (InvalidDataException)
        {
            return ApiProblems.Problem(context, StatusCodes.Status400BadRequest, "import.not-a-zip", new LocalizedText("请求体不是有效的 zip 压缩包。", "The body is not a valid zip archive."));
        }

        if (unknown.Count > 0)
        {
            return AuthoringApi.Unpublishable(context, new LocalizedText("压缩包中有无法导入的文件，未导入任何内容。", "The archive holds files that cannot be imported: nothing was imported."), unknown);
        }

        // A process the archive changes is the caller's to author only as ProcessRights says: the department owning it.
        foreach (var change in (await DefinitionAuthoring.ChangesAsync(db, sources, publish, ct)).Where(f => f.Kind == DefinitionKind.Process))
        {
            var decision = await ProcessRights.MayAuthorAsync(db, me.Id, publish ? ProcessAction.Publish : ProcessAction.Draft, Path.GetFileNameWithoutExtension(change.Name), change.Body, ct);
            if (!decision.Allowed)
            {
                return AuthoringAccess.Forbidden(context, decision.Reason);
            }
        }

        var outcome = await DefinitionAuthoring.ImportAsync(db, sources, publish, dryRun, me.Id, clock, ct);
        if (outcome.Refused)
        {
            return outcome.Findings.Any(f => f.Code == "import.conflict")
                ? ApiProblems.Problem(context, StatusCodes.Status409Conflict, "import.conflict", outcome.Findings[0].Message)
                : AuthoringApi.Unpublishable(context, new LocalizedText("有文件存在错误，未导入任何内容：请按 findings 修改。", "Some files have errors: nothing was imported. Correct them as findings says."), outcome.Findings);
        }

        return TypedResults.Ok(new AppImportResponse(
            publish,
            dryRun,
            [.. outcome.Definitions.Select(d => new ImportItem(d.File, d.Kind.ToString().ToLowerInvariant(), d.Key, Action(d.Action), d.Version))],
            [.. outcome.Findings.Select(FindingBody.From)]));
    }

    private static string Action(ImportAction action) => action switch
    {
        ImportAction.Published => "published",
        ImportAction.DraftSaved => "draft-saved",
        _ => "unchanged",
    };

    // Reads an entry as UTF-8 text, counting what actually decompresses (not what the header claims); null past the limit.
    private static async Task<(string? Text, long Size)> ReadLimitedAsync(ZipArchiveEntry entry, long limit, CancellationToken ct)
    {
        await using var stream = await entry.OpenAsync(ct);
        using var text = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            text.Write(chunk, 0, read);
            if (text.Length > limit)
            {
                return (null, text.Length);
            }
        }

        return (Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length), text.Length);
    }
}
