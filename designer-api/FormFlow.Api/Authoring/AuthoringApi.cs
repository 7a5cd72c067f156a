using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Authoring;
using FormFlow.Documents;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FormFlow.Api.Authoring;

/// <summary>
/// <c>/api/authoring/{templates|processes|notifications|reports}</c>: list, drafts (with ETags), lint, preview, publish,
/// versions and diffs of the four kinds of definition. Reading published definitions is open to everyone signed in;
/// drafts, lint, preview and publishing to their authors (<see cref="AuthoringAccess"/>).
/// </summary>
internal static class AuthoringApi
{
    private static readonly (DefinitionKind Kind, string Segment, string Tag)[] Kinds =
    [
        (DefinitionKind.Template, "templates", "Template"),
        (DefinitionKind.Process, "processes", "Process"),
        (DefinitionKind.Notification, "notifications", "Notification"),
        (DefinitionKind.Report, "reports", "Report"),
        (DefinitionKind.Indicator, "indicators", "Indicator"),
    ];

    public static WebApplicationBuilder AddFormFlowAuthoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthoringOptions>().BindConfiguration(AuthoringOptions.Section)
            .Validate(o => o.MaxImportEntries > 0 && o.MaxImportBytes > 0 && o.MaxImportEntryBytes > 0, "FormFlow:Authoring limits must be positive");
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthoringApi(this IEndpointRouteBuilder app)
    {
        foreach (var (kind, segment, tag) in Kinds)
        {
            var group = app.MapGroup("/api/authoring/" + segment).WithTags("Authoring")
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
            // Mapped beside the group: a group's "" route keeps a trailing slash in its pattern.
            app.MapGet("/api/authoring/" + segment, (Database db, string? page, string? pageSize, HttpContext context, CancellationToken ct) => ListAsync(db, kind, page, pageSize, context, ct))
                .WithName($"List{tag}s").WithTags("Authoring").WithSummary($"The {segment}: keys, newest published version, pending draft / {segment} 列表")
                .WithPaging(PagingRules.Standard)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized);
            group.MapGet("/{key}/draft", (string key, Database db, CurrentPerson me, HttpContext context, CancellationToken ct) => GetDraftAsync(db, kind, key, me, context, ct))
                .WithName($"Get{tag}Draft").WithSummary($"The draft of a {tag.ToLowerInvariant()} (ETag header) / 草稿")
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapPut("/{key}/draft", (string key, Database db, CurrentPerson me, TimeProvider clock, HttpContext context, CancellationToken ct) => PutDraftAsync(db, kind, key, me, clock, context, ct))
                .WithName($"Save{tag}Draft").WithSummary($"Saves the draft of a {tag.ToLowerInvariant()}; If-Match for optimistic concurrency / 保存草稿")
                .WithMetadata(DocumentLimit.Instance)
                .Accepts<JsonObject>("application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
            group.MapDelete("/{key}/draft", (string key, Database db, CurrentPerson me, HttpContext context, CancellationToken ct) => DeleteDraftAsync(db, kind, key, me, context, ct))
                .WithName($"Delete{tag}Draft").WithSummary($"Deletes the draft of a {tag.ToLowerInvariant()} / 删除草稿")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
            group.MapPost("/{key}/lint", (string key, Database db, CurrentPerson me, HttpContext context, CancellationToken ct) => LintAsync(db, kind, key, me, context, ct))
                .WithName($"Lint{tag}").WithSummary($"Lints the document in the body, else the draft / 检查")
                .WithMetadata(DocumentLimit.Instance)
                .Accepts<JsonObject>("application/json")
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
            if (kind == DefinitionKind.Template)
            {
                group.MapPost("/{key}/preview", (string key, PreviewRequest? request, Database db, CurrentPerson me, HttpContext context, CancellationToken ct) => PreviewTemplateAsync(db, key, request, me, context, ct))
                    .WithName("PreviewTemplate").WithSummary("The form as rjsf renders it in each language, with the data given validated / 表单预览")
                    .ProducesProblem(StatusCodes.Status400BadRequest)
                    .ProducesProblem(StatusCodes.Status404NotFound);
            }
            else if (kind is DefinitionKind.Notification or DefinitionKind.Report)
            {
                group.MapPost("/{key}/preview", (string key, PreviewRequest? request, Database db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Workers.DeliveryOptions> delivery, CurrentPerson me, HttpContext context, CancellationToken ct) => PreviewTextAsync(db, clock, delivery.Value.BaseUrl, kind, key, request, me, context, ct))
                    .WithName($"Preview{tag}").WithSummary("Renders the texts in zh-CN and en against the sample model, or a report against real data (subject) / 用示例数据或真实数据渲染")
                    .ProducesProblem(StatusCodes.Status400BadRequest)
                    .ProducesProblem(StatusCodes.Status404NotFound);
                group.MapGet("/{key}/shipped", (string key, HttpContext context) => Shipped(kind, key, context))
                    .WithName($"GetShipped{tag}").WithSummary("The template as it ships with FormFlow (what the runtime uses until a version is published), to start from / 内置模板")
                    .ProducesProblem(StatusCodes.Status404NotFound);
            }

            group.MapPost("/{key}/publish", (string key, Database db, CurrentPerson me, TimeProvider clock, HttpContext context, CancellationToken ct) => PublishAsync(db, kind, key, me, clock, context, ct))
                .WithName($"Publish{tag}").WithSummary($"Publishes the draft as the next immutable version; 422 with every finding when lint has errors / 发布")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
            group.MapGet("/{key}/versions", (string key, Database db, HttpContext context, CancellationToken ct) => VersionsAsync(db, kind, key, context, ct))
                .WithName($"List{tag}Versions").WithSummary("The published versions / 已发布版本")
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapGet("/{key}/versions/{version}", (string key, int version, Database db, HttpContext context, CancellationToken ct) => VersionAsync(db, kind, key, version, context, ct))
                .WithName($"Get{tag}Version").WithSummary("One published version with its document / 某个已发布版本")
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapGet("/{key}/diff", (string key, int? from, int? to, Database db, HttpContext context, CancellationToken ct) => DiffAsync(db, kind, key, from, to, context, ct))
                .WithName($"Diff{tag}Versions").WithSummary("The structural differences of two published versions / 两个版本的差异")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }

        return app;
    }

    internal static async Task<Results<Ok<ListPage<DefinitionListItem>>, ProblemHttpResult>> ListAsync(Database db, DefinitionKind kind, string? page, string? pageSize, HttpContext context, CancellationToken ct)
    {
        var (paging, errors) = Paging.Read(page, pageSize);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var all = await DefinitionAuthoring.ListAsync(db, kind, ct);
        var items = all.Skip(paging.Offset).Take(paging.PageSize).Select(s => new DefinitionListItem(s.Key, s.LatestVersion, s.HasDraft, s.ShippedOnly, s.OwnerDepartment)).ToList();
        return TypedResults.Ok(paging.Of(items, all.Count));
    }

    internal static async Task<Results<Ok<DefinitionBody>, ProblemHttpResult>> GetDraftAsync(Database db, DefinitionKind kind, string key, CurrentPerson me, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, ct: ct) is { } refused)
        {
            return refused;
        }

        if (await DefinitionAuthoring.DraftAsync(db, kind, key, ct) is not { } draft)
        {
            return NoDraft(context, key);
        }

        context.Response.Headers.ETag = EntityTags.Format(draft.ETag);
        return TypedResults.Ok(DefinitionBody.From(draft));
    }

    internal static async Task<Results<Ok<DefinitionBody>, ProblemHttpResult>> PutDraftAsync(Database db, DefinitionKind kind, string key, CurrentPerson me, TimeProvider clock, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, ct: ct) is { } refused)
        {
            return refused;
        }

        if (BadKey(context, key) is { } badKey)
        {
            return badKey;
        }

        var (body, problem) = await ReadDocumentAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (body is null)
        {
            return ApiProblems.Invalid(context, [new FieldError(string.Empty, "json.required", new LocalizedText("请求体须为定义文档（JSON 对象）。", "The body must be the definition document (a JSON object)."))]);
        }

        var document = JsonNode.Parse(body)!.AsObject();
        if (document["key"] is not JsonValue keyValue || !keyValue.TryGetValue<string>(out var bodyKey))
        {
            return ApiProblems.Invalid(context, [document["key"] is null
                ? new FieldError("/key", "json.required", new LocalizedText("缺少必填字段「key」。", "The field \"key\" is required."))
                : new FieldError("/key", "json.wrong-type", new LocalizedText("「/key」须为文本。", "\"/key\" must be a string."))]);
        }

        if (bodyKey != key)
        {
            return ApiProblems.Invalid(context, [new FieldError("/key", "definition.key-mismatch", new LocalizedText(
                $"文档的 key「{bodyKey}」须与地址中的「{key}」一致。",
                $"The document's key \"{bodyKey}\" must be \"{key}\", the key in the address."))]);
        }

        // Who may save a process's draft depends on the department it names as its owner.
        if (kind == DefinitionKind.Process)
        {
            if (document["ownerDepartment"] is { } owner && (owner is not JsonValue ownerValue || !ownerValue.TryGetValue<string>(out var ownerId) || ownerId.Length is 0 or > ProcessRights.MaxDepartmentId))
            {
                return ApiProblems.Invalid(context, [new FieldError("/ownerDepartment", "json.wrong-type", new LocalizedText(
                    $"「/ownerDepartment」须为部门编号（1 到 {ProcessRights.MaxDepartmentId} 个字符），或省略（全组织的流程）。",
                    $"\"/ownerDepartment\" must be a department id (1 to {ProcessRights.MaxDepartmentId} characters), or left out (a process of the whole organisation)."))]);
            }

            if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, body, ct: ct) is { } refusedOwner)
            {
                return refusedOwner;
            }
        }

        var ifMatch = DraftCondition(context);
        var saved = await DefinitionAuthoring.SaveDraftAsync(db, kind, key, body, ifMatch, me.Id, clock, ct);
        if (saved.Change == DraftChange.Conflict || saved.Draft is null)
        {
            return Stale(context, key);
        }

        context.Response.Headers.ETag = EntityTags.Format(saved.Draft.ETag);
        return TypedResults.Ok(DefinitionBody.From(saved.Draft));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraftAsync(Database db, DefinitionKind kind, string key, CurrentPerson me, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, ct: ct) is { } refused)
        {
            return refused;
        }

        var ifMatch = DraftCondition(context);
        var deleted = await DefinitionAuthoring.DeleteDraftAsync(db, kind, key, ifMatch, ct);
        return deleted.Change switch
        {
            DraftChange.Done => TypedResults.NoContent(),
            DraftChange.Missing => NoDraft(context, key),
            _ => Stale(context, key),
        };
    }

    internal static async Task<Results<Ok<LintResponse>, ProblemHttpResult>> LintAsync(Database db, DefinitionKind kind, string key, CurrentPerson me, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, ct: ct) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await ReadDocumentAsync(context, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (body is null)
        {
            if (await DefinitionAuthoring.DraftAsync(db, kind, key, ct) is not { } draft)
            {
                return NoDraft(context, key);
            }

            body = draft.Body;
        }
        else if (kind == DefinitionKind.Process && await AuthoringAccess.RefuseAsync(context, db, me, kind, key, body, ct: ct) is { } refusedOwner)
        {
            return refusedOwner;
        }

        if (kind == DefinitionKind.Process)
        {
            var process = await DefinitionAuthoring.LintProcessAsync(db, key, body, ct);
            return TypedResults.Ok(new LintResponse(
                !process.Findings.Any(f => f.Severity == LintSeverity.Error),
                [.. process.Findings.Select(FindingBody.From)],
                [.. process.TemplatesUsed.Select(TemplateUsedBody.From)]));
        }

        var findings = await DefinitionAuthoring.LintAsync(db, kind, key, body, ct);
        return TypedResults.Ok(new LintResponse(!findings.Any(f => f.Severity == LintSeverity.Error), [.. findings.Select(FindingBody.From)]));
    }

    internal static async Task<Results<Ok<TemplatePreviewResponse>, ProblemHttpResult>> PreviewTemplateAsync(Database db, string key, PreviewRequest? request, CurrentPerson me, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, DefinitionKind.Template, key, ct: ct) is { } refused)
        {
            return refused;
        }

        if (await DocumentToPreviewAsync(db, DefinitionKind.Template, key, request, ct) is not { } body)
        {
            return NoDraft(context, key);
        }

        var loaded = FormTemplate.Load(body);
        var findings = loaded.Findings.Select(f => FindingBody.From(new DefinitionFinding(f.Code, f.Severity, f.Path, f.Message, f.Line, f.Column))).ToList();
        if (loaded.Template is null)
        {
            return TypedResults.Ok(new TemplatePreviewResponse(key, null, request?.Data, [], findings));
        }

        // The data comes back as a submission would store it: computed fields as the server computes them.
        var validated = request?.Data is { } data ? loaded.Template.Validate(data.ToJsonString()) : null;
        var problems = validated?.Problems.Select(p => new DataProblemBody(p.Pointer, p.Code, Texts.From(p.Message))).ToList() ?? [];
        return TypedResults.Ok(new TemplatePreviewResponse(key, FormPreview.Render(JsonNode.Parse(body)!.AsObject()), validated?.Data ?? request?.Data, problems, findings));
    }

    internal static async Task<Results<Ok<TextPreviewResponse>, ProblemHttpResult>> PreviewTextAsync(Database db, TimeProvider clock, string baseUrl, DefinitionKind kind, string key, PreviewRequest? request, CurrentPerson me, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, ct: ct) is { } refused)
        {
            return refused;
        }

        if (request?.Data is not null)
        {
            return ApiProblems.Invalid(context, [new FieldError("/data", "preview.data-unused", new LocalizedText(
                "通知与报表模板用示例数据预览，不接受 data。",
                "Notification and report templates preview against their sample model: leave data out."))]);
        }

        if (await DocumentToPreviewAsync(db, kind, key, request, ct) is not { } body)
        {
            return NoDraft(context, key);
        }

        if (request?.Document?["key"] is { } documentKey && documentKey.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)documentKey != key
            && (request.Subject is not null || request.MessageId is not null))
        {
            return ApiProblems.Invalid(context, [new FieldError("/document/key", "definition.key-mismatch", new LocalizedText(
                $"文档的 key 须为「{key}」。", $"The document's key must be \"{key}\"."))]);
        }

        if (request?.MessageId is { } messageId)
        {
            if (kind != DefinitionKind.Notification)
            {
                return ApiProblems.Invalid(context, [new FieldError("/messageId", "preview.message-notifications-only", new LocalizedText(
                    "只有通知模板可以按真实消息预览；报表模板用 subject。",
                    "Only a notification template previews over a real message; a report template takes subject."))]);
            }

            // Rendered for the caller when the message was theirs (or copied to them), for its recipient when an
            // administrator asks; anyone else learns nothing, not even that the message exists.
            var rendered = await DefinitionAuthoring.PreviewNotificationAsync(db, body, messageId, me.Id, me.HasRole(Role.Admin), baseUrl, ct);
            if (rendered is null)
            {
                return ApiProblems.Problem(context, StatusCodes.Status404NotFound, "preview.message-not-found", new LocalizedText(
                    "没有找到可以预览的消息。", "There is no such message to preview."));
            }

            return TypedResults.Ok(new TextPreviewResponse(key, [.. rendered.Texts.Select(t => new RenderedTextBody(t.Language, t.Part, t.Text))], [.. rendered.Findings.Select(FindingBody.From)]));
        }

        if (request?.Subject is { } subject)
        {
            if (kind != DefinitionKind.Report)
            {
                return ApiProblems.Invalid(context, [new FieldError("/subject", "preview.subject-reports-only", new LocalizedText(
                    "只有报表模板可以用真实数据预览；通知模板用示例数据预览。",
                    "Only a report template previews against real data; a notification template previews against its sample model."))]);
            }

            // The same question as reading the report itself: an author sees no one's data they could not read anyway.
            var real = await Reports.ReportAccess.MayReadAsync(db, me.Id, key, subject, ct)
                ? await DefinitionAuthoring.PreviewReportAsync(db, clock, body, subject, me.Id, ct)
                : null;
            if (real is null)
            {
                return ApiProblems.Problem(context, StatusCodes.Status404NotFound, "preview.subject-not-found", new LocalizedText(
                    "没有找到可以预览的报表对象。", "There is no such report subject to preview."));
            }

            return TypedResults.Ok(new TextPreviewResponse(key, [.. real.Texts.Select(t => new RenderedTextBody(t.Language, t.Part, t.Text))], [.. real.Findings.Select(FindingBody.From)]));
        }

        var preview = DefinitionAuthoring.Preview(kind, body);
        return TypedResults.Ok(new TextPreviewResponse(key, [.. preview.Texts.Select(t => new RenderedTextBody(t.Language, t.Part, t.Text))], [.. preview.Findings.Select(FindingBody.From)]));
    }

    internal static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(Database db, DefinitionKind kind, string key, CurrentPerson me, TimeProvider clock, HttpContext context, CancellationToken ct)
    {
        if (await AuthoringAccess.RefuseAsync(context, db, me, kind, key, publish: true, ct: ct) is { } refused)
        {
            return refused;
        }

        var attempt = await DefinitionAuthoring.PublishDraftAsync(db, kind, key, me.Id, clock, ct);
        if (attempt.NoDraft)
        {
            return NoDraft(context, key);
        }

        if (attempt.Conflict)
        {
            return ApiProblems.Problem(context, StatusCodes.Status409Conflict, "definition.publish-conflict", new LocalizedText(
                $"「{key}」刚被另一位作者发布，请刷新后重试。", $"Another author has just published \"{key}\": reload and try again."));
        }

        if (attempt.Version is not { } version)
        {
            return Unpublishable(context, new LocalizedText($"「{key}」的草稿有错误，未发布：请按 findings 修改。", $"The draft of \"{key}\" has errors and was not published: correct it as findings says."), attempt.Findings);
        }

        return TypedResults.Ok(new PublishResponse(key, version, [.. attempt.Findings.Select(FindingBody.From)]));
    }

    internal static async Task<Results<Ok<List<VersionItem>>, ProblemHttpResult>> VersionsAsync(Database db, DefinitionKind kind, string key, HttpContext context, CancellationToken ct)
    {
        var versions = await DefinitionAuthoring.VersionsAsync(db, kind, key, ct);
        if (versions.Count == 0 && !(await DefinitionAuthoring.ListAsync(db, kind, ct)).Any(s => s.Key == key))
        {
            return NotFound(context, key);
        }

        return TypedResults.Ok(versions.Select(v => new VersionItem(v.Version, v.SavedBy, v.SavedAt, v.PublishedBy, v.PublishedAt, v.OwnerDepartment)).ToList());
    }

    internal static async Task<Results<Ok<DefinitionBody>, ProblemHttpResult>> VersionAsync(Database db, DefinitionKind kind, string key, int version, HttpContext context, CancellationToken ct)
    {
        if (await DefinitionAuthoring.VersionAsync(db, kind, key, version, ct) is not { } found)
        {
            return NotFound(context, $"{key}@{version}");
        }

        context.Response.Headers.ETag = EntityTags.Format(found.ETag);
        return TypedResults.Ok(DefinitionBody.From(found));
    }

    internal static Results<Ok<ShippedBody>, ProblemHttpResult> Shipped(DefinitionKind kind, string key, HttpContext context) =>
        DefinitionAuthoring.ShippedDocument(kind, key) is { } json
            ? TypedResults.Ok(new ShippedBody(key, JsonNode.Parse(json)!))
            : NotFound(context, key);

    internal static async Task<Results<Ok<DiffResponse>, ProblemHttpResult>> DiffAsync(Database db, DefinitionKind kind, string key, int? from, int? to, HttpContext context, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (from is not > 0)
        {
            errors.Add(new FieldError("from", "diff.version", new LocalizedText("from 须为已发布的版本号（1、2、…）。", "from must be a published version number (1, 2, …).")));
        }

        if (to is not > 0)
        {
            errors.Add(new FieldError("to", "diff.version", new LocalizedText("to 须为已发布的版本号（1、2、…）。", "to must be a published version number (1, 2, …).")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var old = await DefinitionAuthoring.VersionAsync(db, kind, key, from!.Value, ct);
        var @new = await DefinitionAuthoring.VersionAsync(db, kind, key, to!.Value, ct);
        if (old is null || @new is null)
        {
            return NotFound(context, $"{key}@{(old is null ? from : to)}");
        }

        return TypedResults.Ok(new DiffResponse(key, from.Value, to.Value, JsonDiff.Compare(JsonNode.Parse(old.Body), JsonNode.Parse(@new.Body))));
    }

    /// <summary>422: a definition (or an import) has errors; every finding is in <c>findings</c>.</summary>
    internal static ProblemHttpResult Unpublishable(HttpContext context, LocalizedText detail, IEnumerable<DefinitionFinding> findings)
    {
        var details = ApiProblems.Details(context, StatusCodes.Status422UnprocessableEntity, "definition.has-errors", detail);
        details.Title = ProblemLanguage.Say(context, new LocalizedText("定义有错误", "The definition has errors"));
        details.Extensions[ApiProblems.FindingsKey] = findings.Select(FindingBody.From).ToList();
        return TypedResults.Problem(details);
    }

    // The body as text when there is one: it must be sent as JSON (415 otherwise: application/json or a +json type) and
    // be a JSON object (400 naming where it breaks); null when empty.
    internal static async Task<(string? Body, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpContext context, CancellationToken ct)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        if (!context.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(context, StatusCodes.Status415UnsupportedMediaType, "request.media-type", new LocalizedText(
                "请求体须为 JSON（Content-Type: application/json）。", "The request body must be JSON (Content-Type: application/json).")));
        }

        // The engine's one document reader: the same limits, codes and messages as formflow lint.
        if (DocumentReader.Check(body) is { } unreadable)
        {
            return (null, unreadable == DocumentReader.TooLarge
                ? ApiProblems.Problem(context, StatusCodes.Status413PayloadTooLarge, unreadable.Code, unreadable.Message)
                : ApiProblems.Invalid(context, [new FieldError(string.Empty, unreadable.Code, unreadable.Message)]));
        }

        using var parsed = JsonDocument.Parse(body);
        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiProblems.Invalid(context, [new FieldError(string.Empty, "json.wrong-type", new LocalizedText("请求体须为 JSON 对象。", "The body must be a JSON object."))]));
        }

        return (body, null);
    }

    private static async Task<string?> DocumentToPreviewAsync(Database db, DefinitionKind kind, string key, PreviewRequest? request, CancellationToken ct)
    {
        if (request?.Document is { } document)
        {
            return document.ToJsonString();
        }

        if (await DefinitionAuthoring.DraftAsync(db, kind, key, ct) is { } draft)
        {
            return draft.Body;
        }

        var versions = await DefinitionAuthoring.VersionsAsync(db, kind, key, ct);
        if (versions.Count > 0)
        {
            return versions[^1].Body;
        }

        return (await DefinitionAuthoring.ExportAsync(db, drafts: false, ct)).FirstOrDefault(f => f.Kind == kind && f.Key == key)?.Body;
    }

    // If-Match as the engine compares it: the tag values the client read, "*" for any draft, null for no condition.
    private static IReadOnlyCollection<string>? DraftCondition(HttpContext context) => EntityTags.IfMatch(context.Request) switch
    {
        { Present: false } => null,
        { Any: true } => ["*"],
        var header => header.Tags,
    };

    private static ProblemHttpResult? BadKey(HttpContext context, string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : ApiProblems.Invalid(context, [new FieldError("key", "definition.key", new LocalizedText(
                "key 须为 1 到 64 个字母、数字、“-”、“_” 或 “.”。", "A key is 1 to 64 letters, digits, \"-\", \"_\" or \".\"."))]);

    private static ProblemHttpResult NoDraft(HttpContext context, string key) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "definition.no-draft", new LocalizedText($"「{key}」没有草稿。", $"\"{key}\" has no draft."));

    private static ProblemHttpResult NotFound(HttpContext context, string what) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "definition.not-found", new LocalizedText($"没有「{what}」。", $"There is no \"{what}\"."));

    private static ProblemHttpResult Stale(HttpContext context, string key) =>
        ApiProblems.Problem(context, StatusCodes.Status409Conflict, "definition.stale", new LocalizedText(
            $"「{key}」的草稿已被修改（If-Match 与当前 ETag 不符）：请重新读取后再保存。",
            $"The draft of \"{key}\" has changed (If-Match does not match its ETag): read it again, then save."));
}
