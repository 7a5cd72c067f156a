using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Script stored by one person never runs in another's browser: 蒋涛 (E025) hands in a self-review whose goal and
/// result hold a script tag and an image with an onerror handler; his manager 郑浩 (E022) returns it with a reason and
/// a comment made of the same. On 蒋涛's task page (phone and desktop) every one of them reads as the text it is, and
/// nothing of it runs: no dialog, no mark on the window, no element of it in the page.
/// </summary>
public sealed class StoredScriptTests() : PagesFixture("sqlite")
{
    private const string Hrbp = "E004";
    private const string Employee = "E025";
    private const string Manager = "E022";
    private const string Script = "<script>window.__injected = 'script'; alert('script')</script>";
    private const string Image = "<img src=x onerror=\"window.__injected = 'img'; alert('img')\">";

    [Test]
    public async Task Script_in_a_form_field_a_return_reason_and_a_comment_shows_as_text_on_the_task_page_and_never_runs()
    {
        using var api = new HostApi(Host.Address);
        await api.PublishQuickReviewAsync(Hrbp);
        await api.LaunchCycleAsync(await api.TokenAsync(Hrbp), "stored-script", QuickReview.Key, Host.Clock.GetUtcNow(), new JsonObject { ["personIds"] = new JsonArray(Employee) });
        var employee = await api.TokenAsync(Employee);
        await api.SendAsync(employee, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(employee)}/submit", new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["cycle"] = "annual",
                ["period"] = "2026",
                ["goal_results"] = new JsonArray(new JsonObject { ["goal"] = Script, ["result"] = Image, ["self_rating"] = 4 }),
                ["overall_rating"] = 4,
            },
        });
        var manager = await api.TokenAsync(Manager);
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/return", new JsonObject
        {
            ["reason"] = Script,
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/goal_results/0/result", ["body"] = Image }),
        });
        var returned = await api.OnlyOpenTaskAsync(employee);

        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await page.GotoAsync($"/tasks/{returned}");
        await SignIn.AsDemoPersonAsync(page, "蒋涛");

        var returns = page.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("退回原因：" + Script);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "对「实际结果」的意见" })).ToContainTextAsync(Image);
        await Expect(page.GetByLabel("目标", new() { Exact = true })).ToHaveValueAsync(Script);
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync(Image);
        await phone.CheckAlsoAtAsync("1-returned-with-script", Screen.Desktop);

        Assert.Multiple(async () =>
        {
            Assert.That(await page.EvaluateAsync<string?>("() => window.__injected ?? null"), Is.Null, "no stored script ran");
            Assert.That(dialogs, Is.Empty, "no stored script opened a dialog");
            Assert.That(await page.EvaluateAsync<int>("() => [...document.querySelectorAll('script, img')].filter(e => (e.textContent + (e.getAttribute('onerror') ?? '')).includes('__injected')).length"), Is.Zero, "no element was made of the stored text");
            Assert.That(phone.Problems, Is.Empty);
        });
    }
}
