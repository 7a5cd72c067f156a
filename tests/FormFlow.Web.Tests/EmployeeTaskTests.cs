using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// An employee does her review task in the browser: signs in, finds the task in
/// 我的待办, fills the form, is shown at once at the fields what the browser finds wrong (nothing is sent), then what
/// only the server can find (a rule), fixes it and submits. People of the
/// demo organisation: 李娜 (E012) in Chinese on a phone, 李安娜 (E015, whose locale is English) on a desktop with an English browser, 杨帆 (E014) by a deep link.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class EmployeeTaskTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task An_employee_on_a_phone_fills_her_self_review_in_chinese_fixes_what_is_missing_and_submits_it()
    {
        await Host.LaunchAnnualReviewAsync("web-zh-" + Kind, "E012");
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录 FormFlow" })).ToBeVisibleAsync();
        await tab.CheckAsync("signin");
        await SignIn.AsDemoPersonAsync(page, "李娜");

        // 我的待办: one open task, her self-review, with its due date.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的待办" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Expect(page.Locator("#tab-done")).ToHaveTextAsync("已办 0");
        var row = page.GetByRole(AriaRole.Link).Filter(new() { HasText = "员工自评" });
        await Expect(row).ToContainTextAsync("年度绩效评估");
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"截止 \d{4}年\d{1,2}月\d{1,2}日"));
        await tab.CheckAsync("inbox");
        await row.ClickAsync();

        // The task page: the form labelled in Chinese, help under the fields, the action bar at the bottom.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "员工自评", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("年度写 2025，季度写 2026-Q1")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "年度" })).ToBeCheckedAsync();
        await page.GetByLabel("考核期间").FillAsync("2026年");
        await page.GetByLabel("目标", new() { Exact = true }).FillAsync("订单服务按期上线");
        await page.GetByLabel("实际结果").FillAsync("十月上线，比计划提前两周");
        await SetRatingAsync(SignIn.Field(page, "自评分"), 4);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交" })).ToBeInViewportAsync();
        await tab.CheckAsync("task");

        // Submitted with the period written wrong and without the overall rating: the browser says so at both fields at
        // once, in Chinese, and sends nothing; nothing typed is lost.
        var sent = new List<string>();
        page.Request += (_, request) => sent.Add(request.Method + " " + new Uri(request.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var overall = SignIn.Field(page, "综合自评");
        var period = SignIn.Field(page, "考核期间");
        await Expect(overall.Locator(".ant-form-item-explain-error")).ToHaveTextAsync("请填写此项。");
        await Expect(period.Locator(".ant-form-item-explain-error")).ToHaveTextAsync("格式不符合要求，请按提示填写。");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 2 处需要修改");
        await Expect(page.GetByLabel("实际结果")).ToHaveValueAsync("十月上线，比计划提前两周");
        Assert.That(sent.Where(r => r.StartsWith("POST ", StringComparison.Ordinal)), Is.Empty, "nothing is submitted while the browser finds problems");
        await tab.CheckAsync("task-problem");

        // Corrected, each error goes as the person types, before anything is sent.
        await page.GetByLabel("考核期间").FillAsync("2026");
        await Expect(period.Locator(".ant-form-item-explain-error")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 1 处需要修改");

        // A 5 needs a reason: a rule of the template, which only the server runs; its words show at that field.
        await SetRatingAsync(overall, 5);
        await Expect(overall.Locator(".ant-form-item-explain-error")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var explanation = SignIn.Field(page, "评分说明");
        await Expect(explanation.Locator(".ant-form-item-explain-error")).ToContainTextAsync("综合自评为 1 分或 5 分时，请用至少 10 个字说明理由");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 1 处需要修改");
        await tab.CheckAsync("task-server-problem");

        await page.GetByLabel("评分说明").FillAsync("订单服务提前两周上线，并带好了两位新同事");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        // Back in 我的待办: said so, nothing left to do, the self-review among the done.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");
        await Expect(page.Locator("#tab-done")).ToHaveTextAsync("已办 1");
        await Expect(page.GetByText("还没有待办。考核开始后，你的自评会出现在这里。")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "已办 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = "员工自评" })).ToContainTextAsync("完成于");
        await tab.CheckAsync("inbox-done");
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task An_employee_whose_language_is_english_gets_the_pages_the_form_and_the_problems_in_english()
    {
        await Host.LaunchAnnualReviewAsync("web-en-" + Kind, "E015");
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop, locale: "en-GB");
        var page = tab.Page;

        // The browser's language before anyone is signed in; the person's locale (en) after.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to FormFlow" })).ToBeVisibleAsync();
        await tab.CheckAsync("signin");
        await SignIn.AsDemoPersonAsync(page, "Anna Li");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tasks" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("To do 1");
        var row = page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Self-review" });
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Due [A-Z][a-z]{2} \d{1,2}, \d{4}"));
        await tab.CheckAsync("inbox");
        await row.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Self-review", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("2025 for a year, 2026-Q1 for a quarter")).ToBeVisibleAsync();
        await page.GetByLabel("Period").FillAsync("2026");
        await page.GetByLabel("Goal", new() { Exact = true }).FillAsync("Ship the order service");
        await page.GetByLabel("Result", new() { Exact = true }).FillAsync("Shipped in October, two weeks early");
        await SetRatingAsync(SignIn.Field(page, "Self-rating"), 4);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^Saved \d{2}:\d{2}$") })).ToBeVisibleAsync();

        // The browser's check never stops a draft: saved again with the period written wrong.
        await page.GetByLabel("Period").FillAsync("2026-Q5");
        var draft = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync(),
            response => response.Request.Method == "PUT" && response.Url.EndsWith("/draft", StringComparison.Ordinal));
        Assert.That(draft.Status, Is.EqualTo(200));
        await Expect(page.Locator(".ant-form-item-explain-error")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(SignIn.Field(page, "Overall self-rating").Locator(".ant-form-item-explain-error")).ToHaveTextAsync("Fill in this field.");
        await Expect(SignIn.Field(page, "Period").Locator(".ant-form-item-explain-error")).ToHaveTextAsync("This is not in the form the field asks for: see its hint.");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("2 fields need changing");
        await tab.CheckAsync("task-problem");

        await page.GetByLabel("Period").FillAsync("2026");
        await SetRatingAsync(SignIn.Field(page, "Overall self-rating"), 4);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-done")).ToHaveTextAsync("Done 1");
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_link_to_a_task_opened_before_signing_in_lands_on_that_task_after_signing_in()
    {
        await Host.LaunchAnnualReviewAsync("web-link-" + Kind, "E014");
        var task = (await Host.OpenTasksAsync("E014")).Single();
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;

        // The link every notification carries: {BaseUrl}/tasks/{id}.
        await page.GotoAsync($"/tasks/{task.Id}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnTo=%2Ftasks%2F" + task.Id + "$"));
        await SignIn.AsDemoPersonAsync(page, "杨帆");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{task.Id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "员工自评", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("考核期间")).ToBeEditableAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    // A 1–5 rating (Ant Design's slider): from the top end down to the value, with the keyboard.
    private static async Task SetRatingAsync(ILocator field, int value)
    {
        var slider = field.GetByRole(AriaRole.Slider);
        await slider.FocusAsync();
        await slider.PressAsync("End");
        for (var i = 5; i > value; i--)
        {
            await slider.PressAsync("ArrowLeft");
        }

        await Expect(slider).ToHaveAttributeAsync("aria-valuenow", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
