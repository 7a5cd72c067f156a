using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The form designer over SQLite and the real PostgreSQL (issue 14: HRBPs build performance apps in the browser without
/// writing JSON): 赵敏 (E004, HRBP) builds a promotion review from nothing with clicks, selects and plain inputs — five
/// fields in two sections in both languages, a computed average of the three ratings, a rule that asks for a reason
/// unless the recommendation is to promote — previews it at a phone's width where the rule's message shows in Chinese,
/// and publishes it; a label left without its English text is flagged and keeps the template from being published,
/// with the reason on screen, until it is filled in; a field inside a list (each goal's self-rating) is given its role
/// (issue 16: what calibration and the reports read) by clicks, and the draft saves it at its path `goals[].self_rating`.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class TemplateDesignerTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task An_HRBP_builds_a_promotion_review_from_nothing_previews_its_rule_on_a_phone_and_publishes_it()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Designer.CreateAsync(page, "promotion-review", "晋升评审", "Promotion review");

        // 推荐意见: the recommendation (a single choice of three) and the reason (a long text).
        await Designer.AddAsync(page, "单选");
        await Designer.NameAsync(page, "recommendation", "晋升推荐", "Recommendation");
        await Designer.RequireAsync(page);
        await Designer.OptionAsync(page, 1, "promote", "推荐晋升", "Promote");
        await Designer.OptionAsync(page, 2, "defer", "暂缓晋升", "Defer");
        await Designer.Properties(page).GetByRole(AriaRole.Button, new() { Name = "添加选项" }).ClickAsync();
        await Designer.OptionAsync(page, 3, "not-yet", "暂不推荐", "Not yet");
        await Designer.AddAsync(page, "多行文本");
        await Designer.NameAsync(page, "reason", "理由", "Reason");

        // The first field opened a section of its own: named in both languages.
        await Designer.Heading(page, "basics").GetByRole(AriaRole.Button, new() { NameRegex = new("^基本信息") }).ClickAsync();
        await Designer.SectionAsync(page, "recommendation", "推荐意见", "Recommendation");

        // 能力评分: a heading, then three required ratings of 1–5 and their average, computed.
        await Designer.AddAsync(page, "分组标题");
        await Designer.SectionAsync(page, "ratings", "能力评分", "Ratings");
        foreach (var (key, zh, en) in new[] { ("delivery", "交付成果", "Delivery"), ("collaboration", "团队协作", "Collaboration"), ("growth", "成长潜力", "Growth") })
        {
            await Designer.AddAsync(page, "评分");
            await Designer.NameAsync(page, key, zh, en);
            await Designer.RequireAsync(page);
        }

        await Designer.AddAsync(page, "计算数值");
        await Designer.NameAsync(page, "average", "平均分", "Average");
        await Designer.AverageOfAsync(page, "交付成果", "团队协作", "成长潜力");

        // Every field in the section under its heading.
        await Expect(page.Locator(".canvas-card[data-section='recommendation']")).ToHaveCountAsync(3);
        await Expect(page.Locator(".canvas-card[data-section='ratings']")).ToHaveCountAsync(5);

        // The rule, built with the rules builder: a reason is needed unless the recommendation is to promote.
        await Designer.ReasonRuleAsync(page);

        await Designer.ExpectNoErrorsAsync(page);
        await tab.CheckAlsoAtAsync("designer", Screen.Phone);

        // The preview at a phone's width, in Chinese: 暂缓晋升 without a reason breaks the rule, in Chinese.
        await page.GetByRole(AriaRole.Button, new() { Name = "预览", Exact = true }).ClickAsync();
        var preview = page.GetByTestId("preview-frame");
        await Expect(preview.GetByText("晋升推荐", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".preview-problems")).ToContainTextAsync("示例数据可以提交");
        await preview.GetByLabel("暂缓晋升").CheckAsync();
        await preview.GetByLabel("理由").FillAsync("");
        await Expect(page.Locator(".preview-problems")).ToContainTextAsync("暂缓晋升或暂不推荐时请写明理由");
        var width = await preview.EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.That(width, Is.EqualTo(390).Within(1));
        // The average the server computed shows in its field (3 of each rating sampled).
        await Expect(preview.GetByLabel("平均分")).ToHaveValueAsync("3");
        await tab.CheckAlsoAtAsync("preview-phone", Screen.Phone);
        await page.Locator(".preview-drawer").GetByText("电脑", new() { Exact = true }).ClickAsync();
        await tab.CheckAsync("preview-desktop");
        await page.Locator(".preview-drawer").GetByText("English", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".preview-problems")).ToContainTextAsync("Give a reason when you defer or do not recommend a promotion");
        await page.Keyboard.PressAsync("Escape");

        await Designer.PublishAsync(page, 1);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_label_without_its_English_text_blocks_publishing_until_it_is_filled_and_each_goal_of_a_list_gets_its_self_rating_role_by_clicks()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Designer.CreateAsync(page, "goal-check", "目标检查", "Goal check");
        await Designer.AddAsync(page, "单行文本");
        await Designer.NameAsync(page, "goal", "本季度目标", "");

        // Flagged on the field's card and in its properties, never filled in from the Chinese.
        var card = Designer.Card(page, "goal");
        await Expect(card.GetByText("缺英文")).ToBeVisibleAsync();
        await Expect(Designer.Properties(page).GetByText("缺少英文")).ToBeVisibleAsync();
        await Expect(Designer.Properties(page).GetByLabel("English · 标签", new() { Exact = true })).ToHaveValueAsync("");

        // Lint agrees: publishing is refused, the reason on screen.
        var publish = page.Locator(".designer-toolbar").GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeDisabledAsync();
        await Expect(page.Locator(".designer-toolbar")).ToContainTextAsync("还有 1 个错误，修正后才能发布");
        await Expect(card.Locator(".finding-badge")).ToBeVisibleAsync();
        await Expect(Designer.Properties(page)).ToContainTextAsync("text.missing-language");
        await tab.CheckAlsoAtAsync("missing-english", Screen.Phone);

        await Designer.Properties(page).GetByLabel("English · 标签", new() { Exact = true }).FillAsync("This quarter's goal");
        await Expect(card.GetByText("缺英文")).ToHaveCountAsync(0);

        // Each goal of a list rated by its owner: the list's rating field means 自评分 in each item (the rating itself
        // is not offered inside a list), and the draft keeps the role at the field's path.
        await Designer.AddAsync(page, "重复明细");
        await Designer.NameAsync(page, "goals", "目标自评", "Goals self-rated");
        var properties = Designer.Properties(page);
        // The list's add button is a select that empties again once a type is chosen.
        await properties.GetByLabel("添加明细字段", new() { Exact = true }).ClickAsync();
        var offered = page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option");
        await offered.Filter(new() { HasTextRegex = new("^评分$") }).ClickAsync();
        var member = properties.Locator(".member-properties");
        var memberKey = member.GetByLabel("字段标识", new() { Exact = true });
        await memberKey.FillAsync("self_rating");
        await memberKey.PressAsync("Enter");
        await member.GetByLabel("中文 · 标签", new() { Exact = true }).FillAsync("自评分");
        await member.GetByLabel("English · 标签", new() { Exact = true }).FillAsync("Self-rating");
        await member.GetByLabel("字段含义（每一项）", new() { Exact = true }).ClickAsync();
        await Expect(offered.Filter(new() { HasText = "潜力" })).ToBeVisibleAsync();
        await Expect(offered.Filter(new() { HasText = "绩效评分" })).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Escape");
        await Expect(member.GetByLabel("字段含义（每一项）", new() { Exact = true })).ToHaveAttributeAsync("aria-expanded", "false");
        await Controls.ChooseAsync(page, "字段含义（每一项）", "自评分", member);
        await Expect(properties.Locator(".member-list")).ToContainTextAsync("自评分");
        // A tall desktop window, so that the properties (which scroll on their own) show the member in the picture.
        await page.SetViewportSizeAsync(Screen.Desktop.Width, 1800);
        await Designer.ExpectNoErrorsAsync(page);
        await tab.CheckAlsoAtAsync("nested-role", Screen.Phone);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        using (var api = new HostApi(Host.Address))
        {
            var draft = await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Get, "/api/authoring/templates/goal-check/draft", null);
            var roles = draft!["document"]!["roles"];
            Assert.That(JsonNode.DeepEquals(roles, JsonNode.Parse("""{ "goals[].self_rating": "self-rating" }""")), Is.True, roles?.ToJsonString());
        }

        await Designer.PublishAsync(page, 1);
        Assert.That(tab.Problems, Is.Empty);
    }
}

/// <summary>The form designer (/design/templates), worked with clicks, selects and plain inputs.</summary>
internal static class Designer
{
    /// <summary>表单设计 → 新建模板: a template from nothing, its key and its title in both languages; the designer opens.</summary>
    public static async Task CreateAsync(IPage page, string key, string zh, string en)
    {
        await MainNavigation.Link(page, "设计").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^表单设计") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "表单设计", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建模板" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("模板标识", new() { Exact = true }).FillAsync(key);
        await dialog.GetByLabel("表单名称（中文）", new() { Exact = true }).FillAsync(zh);
        await dialog.GetByLabel("表单名称（英文）", new() { Exact = true }).FillAsync(en);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = zh, Level = 1 })).ToBeVisibleAsync();
    }

    public static ILocator Properties(IPage page) => page.Locator(".designer-properties");

    public static ILocator Card(IPage page, string key) => page.Locator($".canvas-card[data-key='{key}']");

    public static ILocator Heading(IPage page, string key) => page.Locator($".canvas-card[data-heading='{key}']");

    /// <summary>A palette item clicked: added after the selected field, and selected.</summary>
    public static async Task AddAsync(IPage page, string type)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "字段" }).GetByRole(AriaRole.Button, new() { Name = "添加" + type }).ClickAsync();
    }

    /// <summary>The selected field's key and label in both languages (an empty language left empty).</summary>
    public static async Task NameAsync(IPage page, string key, string zh, string en)
    {
        var properties = Properties(page);
        var keyInput = properties.GetByLabel("字段标识", new() { Exact = true });
        await keyInput.FillAsync(key);
        await keyInput.PressAsync("Enter");
        await Expect(Card(page, key)).ToBeVisibleAsync();
        await properties.GetByLabel("中文 · 标签", new() { Exact = true }).FillAsync(zh);
        await properties.GetByLabel("English · 标签", new() { Exact = true }).FillAsync(en);
    }

    public static async Task RequireAsync(IPage page)
    {
        var required = Properties(page).GetByRole(AriaRole.Switch, new() { Name = "必填" });
        await required.ClickAsync();
        await Expect(required).ToBeCheckedAsync();
    }

    /// <summary>The selected choice's option n: its value and its texts.</summary>
    public static async Task OptionAsync(IPage page, int n, string value, string zh, string en)
    {
        var properties = Properties(page);
        await properties.GetByLabel($"第 {n} 个选项的值", new() { Exact = true }).FillAsync(value);
        await properties.GetByLabel($"第 {n} 个选项的中文", new() { Exact = true }).FillAsync(zh);
        await properties.GetByLabel($"第 {n} 个选项的英文", new() { Exact = true }).FillAsync(en);
    }

    /// <summary>The selected section heading's title in both languages and its key.</summary>
    public static async Task SectionAsync(IPage page, string key, string zh, string en)
    {
        var properties = Properties(page);
        await properties.GetByLabel("中文 · 分组名称", new() { Exact = true }).FillAsync(zh);
        await properties.GetByLabel("English · 分组名称", new() { Exact = true }).FillAsync(en);
        var keyInput = properties.GetByLabel("分组标识", new() { Exact = true });
        await keyInput.FillAsync(key);
        await keyInput.PressAsync("Enter");
        await Expect(Heading(page, key)).ToBeVisibleAsync();
    }

    /// <summary>The selected computed field: the average of these fields, chosen in the computation builder.</summary>
    public static async Task AverageOfAsync(IPage page, params string[] fields)
    {
        var properties = Properties(page);
        await Controls.ChooseAsync(page, "计算方式", "字段平均值", properties);
        foreach (var field in fields)
        {
            await Controls.ChooseAsync(page, "参与计算的字段", field, properties);
        }

        await page.Keyboard.PressAsync("Escape");
        await Expect(Card(page, "average")).ToContainTextAsync("form.delivery");
    }

    /// <summary>规则 → a rule built with the rules builder: a reason is required unless the recommendation is to promote.</summary>
    public static async Task ReasonRuleAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^规则") }).ClickAsync();
        var rules = Properties(page).GetByRole(AriaRole.Tabpanel);
        await rules.GetByRole(AriaRole.Button, new() { Name = "添加规则" }).ClickAsync();
        await Controls.ChooseAsync(page, "规则类型", "必填", rules);
        await Controls.ChooseAsync(page, "字段", "理由", rules);
        await rules.GetByRole(AriaRole.Button, new() { Name = "添加条件" }).ClickAsync();
        await Controls.ChooseAsync(page, "条件 1 的字段", "晋升推荐", rules);
        await Controls.ChooseAsync(page, "条件 1 的比较方式", "不等于", rules);
        await Controls.ChooseAsync(page, "条件 1 的值", "推荐晋升", rules);
        await rules.GetByLabel("不满足时的提示 · 中文", new() { Exact = true }).FillAsync("暂缓晋升或暂不推荐时请写明理由");
        await rules.GetByLabel("不满足时的提示 · 英文", new() { Exact = true }).FillAsync("Give a reason when you defer or do not recommend a promotion");
        await Expect(rules.Locator("pre").First).ToContainTextAsync("form.recommendation != \"promote\"");
    }

    /// <summary>Lint of the draft as edited has found no error: 发布 may be pressed.</summary>
    public static async Task ExpectNoErrorsAsync(IPage page)
    {
        await Expect(page.Locator(".designer-toolbar").GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true })).ToBeEnabledAsync(new() { Timeout = 15_000 });
    }

    /// <summary>发布, confirmed: the draft becomes this version.</summary>
    public static async Task PublishAsync(IPage page, int version)
    {
        await page.Locator(".designer-toolbar").GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"已发布第 {version} 版")).ToBeVisibleAsync();
    }
}
