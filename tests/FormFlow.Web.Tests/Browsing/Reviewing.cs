using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>Tasks in the list, and a reviewer's return and approval on the task page (in Chinese).</summary>
internal static class Reviewing
{
    /// <summary>The link to a task in the task list: its step's title and, for a reviewer, the person it is about.</summary>
    public static ILocator TaskLink(IPage page, string step, string? person = null)
    {
        var link = page.GetByRole(AriaRole.Link).Filter(new() { HasText = step });
        return person is null ? link : link.Filter(new() { HasText = person });
    }

    /// <summary>On the reviewer's task page: a comment on the field labelled <paramref name="field"/> (the dialog not yet opened).</summary>
    public static async Task CommentOnFieldAsync(IPage page, string field, string comment)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"添加意见：{field}" }).ClickAsync();
        await page.GetByLabel($"对「{field}」的意见").FillAsync(comment);
    }

    /// <summary>
    /// The return dialog: it lists the comment going with it and refuses a return without a reason; then returned with
    /// <paramref name="reason"/>, which the page confirms. <paramref name="photograph"/> is called with the dialog open.
    /// </summary>
    public static async Task ReturnAsync(IPage page, string comment, string reason, Func<Task>? photograph = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("随退回发送 1 条字段意见");
        await Expect(dialog).ToContainTextAsync(comment);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认退回" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("请填写退回原因。");
        await dialog.GetByLabel("退回原因").FillAsync(reason);
        if (photograph is not null)
        {
            await photograph();
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认退回" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已退回" })).ToBeVisibleAsync();
    }

    /// <summary>The approval, confirmed in its dialog (which names the person and the step); the page confirms it.</summary>
    public static async Task ApproveAsync(IPage page, string person, string step, Func<Task>? photograph = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"通过 {person} 的「{step}」？");
        if (photograph is not null)
        {
            await photograph();
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认通过" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已通过" })).ToBeVisibleAsync();
    }
}
