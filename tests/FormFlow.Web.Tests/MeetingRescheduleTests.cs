using System.Globalization;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 张伟 (E011) booked the annual review interview with 李娜 (E012) when he handed in his preparation; days later,
/// on his phone, he opens the review and moves the interview to another afternoon and room, over SQLite and the real
/// PostgreSQL. The page shows the new time, marked as moved.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class MeetingRescheduleTests(string kind) : PagesFixture(kind)
{
    private string instanceId = string.Empty;
    private DateTimeOffset booked;

    [OneTimeSetUp]
    public async Task BookTheInterviewAsync()
    {
        var cycle = $"meeting-{Kind}";
        await Host.LaunchAnnualReviewAsync(cycle, "E012");
        using var api = new HostApi(Host.Address);
        var selfReview = (await Host.OpenTasksAsync("E012")).Single(t => t.Step == "self-review" && t.CycleId == cycle);
        instanceId = selfReview.InstanceId;
        await api.SubmitAsync("E012", selfReview.Id, TemplateExamples.Data("self-review", "valid-annual-rating-5"));
        var prepare = (await Host.OpenTasksAsync("E011")).Single(t => t.Step == "prepare" && t.CycleId == cycle);
        var china = TimeSpan.FromHours(8);
        booked = new DateTimeOffset(Host.Clock.GetUtcNow().ToOffset(china).Date.AddDays(5).AddHours(10), china);
        var prep = TemplateExamples.Data("interview-preparation-333", "valid-sales-manager-prep");
        prep["meeting_at"] = booked.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        prep["meeting_place"] = "3 号会议室";
        await api.SubmitAsync("E011", prepare.Id, prep);
    }

    [Test]
    public async Task The_manager_moves_the_interview_on_his_phone_and_the_page_shows_the_new_time()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "张伟");
        await page.GotoAsync($"/instances/{instanceId}");

        var card = page.Locator(".instance-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "面谈安排" }) });
        await Expect(card).ToContainTextAsync("3 号会议室");
        await Expect(card).ToContainTextAsync($"{booked.Month}月{booked.Day}日");
        await Expect(card).Not.ToContainTextAsync("已改期");

        await card.GetByRole(AriaRole.Button, new() { Name = "改期" }).ClickAsync();
        var moved = booked.AddDays(2).AddHours(5);
        await card.GetByLabel("新的面谈时间").FillAsync(moved.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await card.GetByLabel("地点").FillAsync("5 号会议室（二楼）");
        await tab.CheckAlsoAtAsync("meeting-reschedule-form", Screen.Desktop);
        await card.GetByRole(AriaRole.Button, new() { Name = "保存并通知双方" }).ClickAsync();

        await Expect(card).ToContainTextAsync("已改期");
        await Expect(card).ToContainTextAsync("5 号会议室（二楼）");
        await Expect(card).ToContainTextAsync($"{moved.Month}月{moved.Day}日");
        await Expect(card).ToContainTextAsync("15:00");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "取消面谈" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("meeting-moved", Screen.Desktop);

        await card.GetByRole(AriaRole.Button, new() { Name = "取消面谈" }).ClickAsync();
        await Expect(page.GetByText("确定取消这次面谈？")).ToBeVisibleAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "保留" }).ClickAsync();
        await Expect(card).ToContainTextAsync("5 号会议室（二楼）");
        Assert.That(tab.Problems, Is.Empty);
    }
}
