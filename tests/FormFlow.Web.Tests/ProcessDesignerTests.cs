using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The process designer over SQLite and the real PostgreSQL, issue 14's second acceptance scenario: 吴静 (E021), head of
/// Platform Engineering (平台研发部, D210), builds her department's promotion review on the HRBP's 晋升评审 template with
/// the DingTalk-style chain — by clicks, selects and plain inputs, no JSON: the employee fills the recommendation (due in
/// 7 days, reminded 2 days before, overdue copied to the superior), the manager reviews it and may return it; if the
/// recommendation is 推荐晋升 she approves it, otherwise the HRBP does; the employee and the manager confirm. A required
/// field nobody writes is an error on its step that blocks publishing until she fixes it; the dry run for her department
/// shows each person's schedule; she publishes and launches it for her department. A process owned by Sales (市场销售部,
/// D300) opens read only for her, with the reason.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class ProcessDesignerTests(string kind) : PagesFixture(kind)
{
    [OneTimeSetUp]
    public async Task PublishTemplateAsync()
    {
        using var api = new HostApi(Host.Address);
        await PromotionReview.PublishTemplateAsync(api, "E004");
    }

    [Test]
    public async Task A_department_head_builds_her_promotion_review_as_a_chain_fixes_its_lint_error_dry_runs_publishes_and_launches_it()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "吴静");
        await ProcessDesigner.OpenListAsync(page);

        // 新建流程: the owner is her department, and no other (not the whole organisation, not R&D above her).
        var key = $"d210-promotion-{Kind}";
        const string title = "平台研发部晋升评审";
        await page.GetByRole(AriaRole.Button, new() { Name = "新建流程" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Controls.FillAsync(page, ("流程标识", key), ("中文名称", title), ("英文名称", "Platform Engineering promotion review"));
        await Expect(dialog.Locator(".ant-select").Filter(new() { HasText = "平台研发部" })).ToBeVisibleAsync();
        await page.GetByLabel("所属部门", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".ant-select-item-option")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("所属部门：平台研发部")).ToBeVisibleAsync();

        // 发起: the form the process keeps, the HRBP's published template.
        await ProcessDesigner.Card(page, "发起").ClickAsync();
        await Controls.FillAsync(page, ("表单名称", "review"));
        await Controls.ChooseAsync(page, "表单模板", PromotionReview.TitleZh);
        await ProcessDesigner.Panel(page).GetByRole(AriaRole.Button, new() { Name = "添加表单" }).ClickAsync();
        await Expect(ProcessDesigner.Panel(page).Locator(".forms-list")).ToContainTextAsync("review");
        await ProcessDesigner.CloseAsync(page);

        // The employee's recommendation, reviewed by the manager (who may return it) writing his comment; due in 7 days,
        // reminded 2 days before, overdue copied to the superior. What the employee writes is left out for now.
        await ProcessDesigner.AddAsync(page, ProcessDesigner.AboveEnd(page), "审阅");
        await ProcessDesigner.TitleAsync(page, "员工推荐，上级审阅", "The employee recommends, the manager reviews");
        await Controls.ChooseAsync(page, "审阅人填写的部分", "主管意见");
        await page.Keyboard.PressAsync("Escape");
        await Controls.ChooseAsync(page, "期限", "步骤开始后");
        await ProcessDesigner.Panel(page).GetByRole(AriaRole.Button, new() { Name = "添加提醒" }).ClickAsync();
        await Controls.ChooseAsync(page, "逾期处理", "抄送处理人的上级");
        await Expect(ProcessDesigner.Panel(page)).ToContainTextAsync("审阅人可以退回给填写人修改");
        await ProcessDesigner.CloseAsync(page);
        var review = ProcessDesigner.Card(page, "员工推荐，上级审阅");
        await Expect(review).ToContainTextAsync("员工本人填写，直属上级审阅，7 天内，到期前 2 天提醒，逾期抄送上级");

        // A decision on the recommendation: 推荐晋升 → she approves; 其他情况 → the HRBP approves.
        await ProcessDesigner.AddAsync(page, ProcessDesigner.AboveEnd(page), "条件分支");
        await ProcessDesigner.ConditionAsync(page, "晋升评审 · 晋升推荐", "= 等于", "推荐晋升");
        await Expect(ProcessDesigner.Panel(page).Locator("pre").First).ToContainTextAsync("forms.review.recommendation == \"promote\"");
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "条件 1")).ToContainTextAsync("forms.review.recommendation == \"promote\"");
        await Expect(ProcessDesigner.Card(page, "其他情况")).ToBeVisibleAsync();

        await ProcessDesigner.AddAsync(page, ProcessDesigner.BranchEnd(page, 0), "审批");
        await ProcessDesigner.TitleAsync(page, "部门负责人审批", "The department head approves");
        await ProcessDesigner.OnlyApproverAsync(page, "部门负责人");
        await Expect(ProcessDesigner.Panel(page).GetByLabel("退回到", new() { Exact = true }).Locator("xpath=ancestor::div[contains(@class,'ant-select')][1]")).ToContainTextAsync("员工推荐，上级审阅");
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "部门负责人审批")).ToContainTextAsync("部门负责人审批，可退回");

        await ProcessDesigner.AddAsync(page, ProcessDesigner.BranchEnd(page, 1), "审批");
        await ProcessDesigner.TitleAsync(page, "HRBP 审批", "The HRBP approves");
        await ProcessDesigner.OnlyApproverAsync(page, "HRBP");
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "HRBP 审批")).ToContainTextAsync("HRBP审批，可退回");

        // Below where the branches meet: the employee and the manager confirm the result.
        await ProcessDesigner.AddAsync(page, ProcessDesigner.AboveEnd(page), "确认");
        await ProcessDesigner.TitleAsync(page, "确认评审结果", "Confirm the result");
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "确认评审结果")).ToContainTextAsync("员工本人、直属上级确认");
        await tab.CheckAlsoAtAsync("chain", Screen.Phone);

        // The recommendation's required fields are written by no step: the error on the step that fills the form, and
        // publishing refused with why.
        await Expect(ProcessDesigner.ErrorBadge(review)).ToBeVisibleAsync();
        await Expect(ProcessDesigner.ErrorBadge(ProcessDesigner.Card(page, "确认评审结果"))).ToHaveCountAsync(0);
        var publish = page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("还有 \\d+ 个错误，修正后才能发布") })).ToBeVisibleAsync();
        await review.ClickAsync();
        await Expect(ProcessDesigner.Panel(page).Locator(".finding-error").First).ToContainTextAsync("process.required-field-unwritten");
        await Expect(ProcessDesigner.Panel(page).Locator(".finding-error").First).ToContainTextAsync("晋升推荐");
        await tab.CheckAlsoAtAsync("lint-error", Screen.Phone);

        // Fixed: the employee writes the recommendation; no finding left on the card.
        await Controls.ChooseAsync(page, "填写的部分", "晋升推荐");
        await page.Keyboard.PressAsync("Escape");
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.ErrorBadge(review)).ToHaveCountAsync(0);
        await Expect(publish).ToBeEnabledAsync();

        // 试运行 of the draft for her department: each of its eight people gets the recommendation on the first day.
        await page.Locator(".view-switch").GetByText("试运行", new() { Exact = true }).ClickAsync();
        await Controls.ChooseAsync(page, "部门", "平台研发部");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始试运行" }).ClickAsync();
        await Expect(page.Locator(".dryrun-counts .outcome-stuck")).ToContainTextAsync("0卡住");
        await Expect(page.Locator(".dryrun-people > .ant-collapse-item")).ToHaveCountAsync(8);
        var person = page.Locator(".dryrun-people > .ant-collapse-item").Filter(new() { Has = page.Locator(".dryrun-person-head", new() { HasText = "蒋涛" }) });
        var header = person.Locator(".ant-collapse-header");
        if (await header.GetAttributeAsync("aria-expanded") != "true")
        {
            await header.ClickAsync();
        }

        await Expect(person.Locator(".dryrun-event").First).ToContainTextAsync("蒋涛 收到任务「员工推荐，上级审阅」");
        await Expect(person.Locator(".dryrun-event").Filter(new() { HasText = "提醒" }).First).ToContainTextAsync("提醒 蒋涛");
        await tab.CheckAlsoAtAsync("dry-run", Screen.Phone);

        // Published.
        await publish.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "发布为新版本？" }).GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布第 1 版" })).ToBeVisibleAsync();

        // The same process as a graph (图), for a large flow.
        await page.Locator(".view-switch").GetByText("图", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".process-graph")).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("graph", Screen.Phone);

        // What was published is the chain she drew.
        using (var api = new HostApi(Host.Address))
        {
            var token = await api.TokenAsync("E021");
            var published = await api.SendAsync(token, HttpMethod.Get, $"/api/authoring/processes/{key}/versions/1", null);
            var document = published!["document"]!;
            Assert.That((string?)document["ownerDepartment"], Is.EqualTo("D210"));
            var steps = document["steps"]!.AsObject();
            Assert.That((string?)document["start"], Is.EqualTo("review"));
            Assert.That(steps["review"]!["write"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "employee" }));
            Assert.That(steps["review"]!["reviewerWrite"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "manager" }));
            Assert.That((string?)steps["review"]!["next"], Is.EqualTo("decision"));
            Assert.That((string?)steps["review"]!["due"]!["after"], Is.EqualTo("P7D"));
            Assert.That((string?)steps["review"]!["reminders"]![0]!["before"], Is.EqualTo("P2D"));
            Assert.That((string?)steps["review"]!["escalation"]!["action"], Is.EqualTo("copy-superior"));
            Assert.That((string?)steps["decision"]!["branches"]![0]!["when"], Is.EqualTo("forms.review.recommendation == \"promote\""));
            Assert.That((string?)steps["decision"]!["branches"]![0]!["next"], Is.EqualTo("approval"));
            Assert.That((string?)steps["decision"]!["otherwise"], Is.EqualTo("approval-2"));
            Assert.That(steps["approval"]!["approvers"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "department-head" }));
            Assert.That(steps["approval-2"]!["approvers"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "hrbp" }));
            Assert.That((string?)steps["approval"]!["next"], Is.EqualTo("confirmation"));
            Assert.That((string?)steps["approval-2"]!["next"], Is.EqualTo("confirmation"));
        }

        // 发起 for her department: eight reviews, on the new cycle's dashboard.
        await LaunchWizard.OpenAsync(page);
        var cycle = $"平台研发部 晋升评审 ({Kind})";
        await LaunchWizard.ChooseProcessAsync(page, title, cycle);
        await LaunchWizard.NextAsync(page);
        await LaunchWizard.ChooseDepartmentAsync(page, "平台研发部");
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("8");
        await LaunchWizard.NextAsync(page);
        await LaunchWizard.NextAsync(page);
        await LaunchWizard.LaunchAsync(page, 8);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = cycle, Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("8");
        await tab.CheckAlsoAtAsync("launched", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_department_head_reads_another_departments_process_and_may_not_publish_it()
    {
        var key = $"sales-check-in-{Kind}";
        using (var api = new HostApi(Host.Address))
        {
            await api.PublishAsync("E002", JsonNode.Parse($$"""
                {
                  "key": "{{key}}",
                  "title": { "zh-CN": "销售部月度回顾", "en": "Sales monthly review" },
                  "ownerDepartment": "D300",
                  "forms": { "self": "self-review" },
                  "start": "self",
                  "steps": {
                    "self": {
                      "kind": "form",
                      "title": { "zh-CN": "员工自评", "en": "Self-review" },
                      "form": "self",
                      "assignee": "subject",
                      "write": ["basics", "results", "reflection", "overall"],
                      "due": { "after": "P7D" },
                      "next": "route"
                    },
                    "route": {
                      "kind": "decision",
                      "branches": [ { "when": "(subject.departments | array.contains \"D210\") && (subject.roles | array.contains \"manager\")", "next": "tell" } ],
                      "otherwise": "end"
                    },
                    "tell": { "kind": "notify", "message": { "zh-CN": "平台研发部的经理已自评", "en": "A Platform manager is done" }, "to": ["hrbp"], "next": "end" },
                    "end": { "kind": "end" }
                  }
                }
                """)!.AsObject());
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "吴静");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText(key, new() { Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "销售部月度回顾", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "只读" })).ToContainTextAsync("市场销售部");
        await Expect(ProcessDesigner.Card(page, "员工自评")).ToContainTextAsync("员工本人填写，7 天内");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "在此添加步骤" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "发布" })).ToBeDisabledAsync();

        // Its panel shows the step, nothing to change.
        await ProcessDesigner.Card(page, "员工自评").ClickAsync();
        await Expect(page.GetByLabel("中文名称", new() { Exact = true })).Not.ToBeEditableAsync();
        await tab.CheckAlsoAtAsync("read-only", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);

        // A condition on who the employee is reads back as the builder's rows: their department (sub-departments
        // included) and their role, with the Scriban shown.
        await ProcessDesigner.Card(page, "条件 1").ClickAsync();
        var panel = ProcessDesigner.Panel(page);
        await Expect(panel.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("条件 1 的字段", new() { Exact = true }) })).ToContainTextAsync("员工所在部门");
        await Expect(panel.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("条件 1 的比较方式", new() { Exact = true }) })).ToContainTextAsync("属于（含下级）");
        await Expect(panel.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("条件 1 的值", new() { Exact = true }) })).ToContainTextAsync("平台研发部（D210）");
        await Expect(panel.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("条件 2 的字段", new() { Exact = true }) })).ToContainTextAsync("员工角色");
        await Expect(panel.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("条件 2 的值", new() { Exact = true }) })).ToContainTextAsync("经理");
        await Expect(panel).ToContainTextAsync("subject.departments | array.contains \"D210\"");
        await tab.CheckAlsoAtAsync("read-only-condition", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);
        Assert.That(tab.Problems, Is.Empty);
    }
}

/// <summary>The process designer (设计 → 流程设计) in Chinese: the chain's cards, its "+" and the panel of what is selected.</summary>
internal static class ProcessDesigner
{
    public static async Task OpenListAsync(IPage page)
    {
        await MainNavigation.Link(page, "设计").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "流程设计" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流程设计", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>A card of the chain by what it says (its Kind, its title, its condition).</summary>
    public static ILocator Card(IPage page, string text) => page.Locator(".step-card").Filter(new() { HasText = text });

    /// <summary>The kit's badge on a card when it counts errors (its label starts with their number: "1 个错误，0 个提醒").</summary>
    public static ILocator ErrorBadge(ILocator card) => card.Locator(".finding-badge:not([aria-label^='0 '])");

    /// <summary>The panel of what is selected.</summary>
    public static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Dialog);

    /// <summary>The "+" just above 结束 (below every step of the main column).</summary>
    public static ILocator AboveEnd(IPage page) =>
        page.Locator(".chain-view > .chain > .chain-item").Filter(new() { Has = page.Locator(".chain-end") }).GetByRole(AriaRole.Button, new() { Name = "在此添加步骤" });

    /// <summary>The "+" at the bottom of a decision's branch (0 the first; 其他情况 last).</summary>
    public static ILocator BranchEnd(IPage page, int branch) =>
        page.Locator(".split-branch").Nth(branch).GetByRole(AriaRole.Button, new() { Name = "在此添加步骤" }).Last;

    /// <summary>A step of a Kind added at a "+"; its panel opens.</summary>
    public static async Task AddAsync(IPage page, ILocator plus, string Kind)
    {
        await plus.ClickAsync();
        await page.GetByRole(AriaRole.Menuitem).Filter(new() { HasTextRegex = new Regex("^" + Regex.Escape(Kind)) }).ClickAsync();
        await Expect(Panel(page)).ToBeVisibleAsync();
    }

    public static async Task TitleAsync(IPage page, string zh, string en) =>
        await Controls.FillAsync(page, ("中文名称", zh), ("英文名称", en));

    /// <summary>
    /// The condition of the branch whose panel is open, built from a form's field, a comparison and a value — typed, or
    /// chosen among the field's options.
    /// </summary>
    public static async Task ConditionAsync(IPage page, string field, string comparison, string value)
    {
        await Panel(page).GetByRole(AriaRole.Button, new() { Name = "添加条件" }).ClickAsync();
        await Controls.ChooseAsync(page, "条件 1 的字段", field);
        await Controls.ChooseAsync(page, "条件 1 的比较方式", comparison);
        var input = Panel(page).GetByLabel("条件 1 的值", new() { Exact = true });
        if (await input.GetAttributeAsync("role") == "combobox")
        {
            await Controls.ChooseAsync(page, "条件 1 的值", value);
        }
        else
        {
            await input.FillAsync(value);
        }
    }

    /// <summary>The approval step whose panel is open gets one approver: the one chosen, the proposed 直属上级 removed.</summary>
    public static async Task OnlyApproverAsync(IPage page, string approver)
    {
        await Controls.ChooseAsync(page, "审批人", approver);
        await Panel(page).Locator(".ant-select-selection-item").Filter(new() { HasText = "直属上级" }).Locator(".ant-select-selection-item-remove").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    public static async Task CloseAsync(IPage page)
    {
        await Panel(page).GetByRole(AriaRole.Button, new() { Name = "关闭" }).ClickAsync();
        await Expect(Panel(page)).ToHaveCountAsync(0);
    }
}
