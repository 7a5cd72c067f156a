using System.Text.Json.Nodes;

namespace FormFlow.Web.Tests;

/// <summary>
/// The promotion review of issue 14 (晋升评审), as the form designer and the process designer produce it: the template
/// and the process of Platform Engineering (D210) in <c>Scenarios/promotion-review.*.json</c>, published through the
/// authoring API.
/// </summary>
internal static class PromotionReview
{
    public const string Key = "promotion-review";
    public const string TitleZh = "晋升评审";
    public const string RecommendZh = "晋升推荐与主管审阅";
    public const string HeadApprovalZh = "部门负责人审批";
    public const string HrbpConfirmationZh = "HRBP 确认";
    public const string ConfirmZh = "确认评审结果";
    public const string ReasonRuleZh = "不推荐晋升时请写明理由";

    /// <summary>The template, then the process (which pins it), published as <paramref name="author"/>.</summary>
    public static Task PublishAsync(HostApi api, string author) =>
        PublishFilesAsync(api, author, ("templates", "promotion-review.template.json"), ("processes", "promotion-review.process.json"));

    /// <summary>The template alone (the form designer's work), for a process to be built on it.</summary>
    public static Task PublishTemplateAsync(HostApi api, string author) =>
        PublishFilesAsync(api, author, ("templates", "promotion-review.template.json"));

    private static async Task PublishFilesAsync(HostApi api, string author, params (string Kind, string File)[] files)
    {
        var token = await api.TokenAsync(author);
        foreach (var (kind, file) in files)
        {
            await api.SendAsync(token, HttpMethod.Put, $"/api/authoring/{kind}/{Key}/draft", Read(file));
            await api.SendAsync(token, HttpMethod.Post, $"/api/authoring/{kind}/{Key}/publish", null);
        }
    }

    private static JsonObject Read(string file)
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder!.FullName, "tests", "FormFlow.Web.Tests", "Scenarios", file);
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
