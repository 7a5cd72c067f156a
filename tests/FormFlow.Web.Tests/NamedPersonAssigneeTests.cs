using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 指定人员 in the process designer: an HRBP hands a step to one named person, found by name, shown with name and id.
/// Over SQLite only: the page and its people search read nothing that depends on storage (the engine's runtime tests
/// cover both databases).
/// </summary>
public sealed class NamedPersonAssigneeTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task An_HRBP_hands_a_step_to_a_named_person_found_by_name_and_the_step_says_who()
    {
        using (var api = new HostApi(Host.Address))
        {
            await api.PublishAsync("E002", JsonNode.Parse("""
                {
                  "key": "filed-by-one-person",
                  "title": { "zh-CN": "年度档案归档", "en": "Filing the yearly record" },
                  "forms": { "self": "self-review" },
                  "start": "self",
                  "steps": {
                    "self": {
                      "kind": "form", "title": { "zh-CN": "员工自评", "en": "Self-review" }, "form": "self",
                      "assignee": "subject", "write": ["basics", "results", "reflection", "overall"], "next": "file"
                    },
                    "file": {
                      "kind": "approval", "title": { "zh-CN": "归档确认", "en": "Filing" }, "form": "self",
                      "approvers": ["manager"], "read": "*", "returnTo": "self", "next": "end"
                    },
                    "end": { "kind": "end" }
                  }
                }
                """)!.AsObject());
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText("filed-by-one-person", new() { Exact = true }).ClickAsync();

        // 员工自评 is filled by 指定人员: 张伟, found by typing his name, shown with his id.
        await ProcessDesigner.Card(page, "员工自评").ClickAsync();
        await Controls.ChooseAsync(page, "处理人", "指定人员…");
        await Expect(ProcessDesigner.Panel(page)).ToContainTextAsync("选定人员后生效");
        var picker = page.GetByLabel("处理人 · 选择人员", new() { Exact = true });
        await picker.PressSequentiallyAsync("张伟");
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = "张伟（E011）" }).ClickAsync();
        await Expect(page.Locator(".ant-select").Filter(new() { Has = picker })).ToContainTextAsync("张伟（E011）");
        await tab.CheckAlsoAtAsync("named-person-chosen", Screen.Phone);

        // 归档确认 adds 李娜 after the manager, as a tag with her name, the two approving one after the other.
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "员工自评")).ToContainTextAsync("指定人员（E011）填写");
        await ProcessDesigner.Card(page, "归档确认").ClickAsync();
        await page.GetByLabel("审批人 · 添加指定人员", new() { Exact = true }).PressSequentiallyAsync("E012");
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = "李娜（E012）" }).ClickAsync();
        var approvers = page.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("审批人", new() { Exact = true }) });
        await Expect(approvers).ToContainTextAsync("直属上级");
        await Expect(approvers).ToContainTextAsync("李娜（E012）");
        await Expect(page.Locator(".ant-select").Filter(new() { Has = page.GetByLabel("审批人 · 添加指定人员", new() { Exact = true }) })).ToContainTextAsync("添加指定人员：输入姓名或工号");
        await Controls.ChooseAsync(page, "审批方式", "依次审批");
        await tab.CheckAlsoAtAsync("named-person-among-approvers", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);
        await Expect(ProcessDesigner.Card(page, "归档确认")).ToContainTextAsync("直属上级、指定人员（E012）");
        await Expect(ProcessDesigner.ErrorBadge(ProcessDesigner.Card(page, "员工自评"))).ToHaveCountAsync(0);
        await Expect(ProcessDesigner.ErrorBadge(ProcessDesigner.Card(page, "归档确认"))).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true })).ToBeEnabledAsync();
        await tab.CheckAlsoAtAsync("named-people-on-cards", Screen.Phone);

        // The draft holds the ids as the engine reads them (once the last edit's save has reached the server).
        using var check = new HostApi(Host.Address);
        var token = await check.TokenAsync("E004");
        JsonNode steps = new JsonObject();
        for (var attempt = 0; attempt < 40 && (string?)steps["file"]?["mode"] != "sequence"; attempt++)
        {
            await page.WaitForTimeoutAsync(250);
            steps = (await check.SendAsync(token, HttpMethod.Get, "/api/authoring/processes/filed-by-one-person/draft", null))!["document"]!["steps"]!;
        }

        Assert.That((string?)steps["self"]!["assignee"], Is.EqualTo("person:E011"));
        Assert.That(steps["file"]!["approvers"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "manager", "person:E012" }));
        Assert.That((string?)steps["file"]!["mode"], Is.EqualTo("sequence"));
        Assert.That(tab.Problems, Is.Empty);
    }
}
