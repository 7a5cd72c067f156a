using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>Ant Design's controls, worked as a person would.</summary>
internal static class Controls
{
    /// <summary>A 1–5 rating (Ant Design's slider) in <paramref name="field"/>: from the top end down to the value, with the keyboard.</summary>
    public static async Task SetRatingAsync(ILocator field, int value)
    {
        var slider = field.GetByRole(AriaRole.Slider);
        await slider.FocusAsync();
        await slider.PressAsync("End");
        for (var i = 5; i > value; i--)
        {
            await slider.PressAsync("ArrowLeft");
        }

        await Expect(slider).ToHaveAttributeAsync("aria-valuenow", value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Text fields by their labels (exactly), each typed over with its value.</summary>
    public static async Task FillAsync(IPage page, params (string Label, string Value)[] fields)
    {
        foreach (var (label, value) in fields)
        {
            await page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        }
    }

    /// <summary>
    /// The fields labelled <paramref name="label"/> (exactly), in the order on the page — the same field in each item of
    /// a list — typed over with one value each.
    /// </summary>
    public static async Task FillEachAsync(IPage page, string label, params string[] values)
    {
        var fields = page.GetByLabel(label, new() { Exact = true });
        await Expect(fields).ToHaveCountAsync(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            await fields.Nth(i).FillAsync(values[i]);
        }
    }

    /// <summary>
    /// A select by its label (exactly; within <paramref name="within"/> when the page uses the label more than once):
    /// opened, and the option clicked in that select's own drop-down (closed drop-downs of other selects with the same
    /// options stay in the page), until the select shows it — as a person clicks again when a click did not take.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string label, string option, ILocator? within = null)
    {
        var select = (within ?? page.Locator("body")).GetByLabel(label, new() { Exact = true });
        // The label is on the select itself or on its search input, as the select is written.
        var shown = select.Locator("xpath=ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]");
        for (var attempt = 1; ; attempt++)
        {
            if (await select.GetAttributeAsync("aria-expanded") != "true")
            {
                await select.ClickAsync();
            }

            try
            {
                // The drop-down of this select holds the list its input controls (aria-controls, once open).
                await Expect(select).ToHaveAttributeAsync("aria-expanded", "true", new() { Timeout = 3_000 });
                var list = await select.GetAttributeAsync("aria-controls");
                var dropDown = list is null
                    ? page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")
                    : page.Locator(".ant-select-dropdown").Filter(new() { Has = page.Locator($"[id='{list}']") });
                // The option that reads exactly so (等于, not 不等于), else the first that contains it.
                var options = dropDown.Locator(".ant-select-item-option");
                var containing = options.Filter(new() { HasText = option });
                await ScrollToAsync(page, dropDown, containing.First);
                var exactly = options.Filter(new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(option) + "\\s*$") });
                await (await exactly.CountAsync() > 0 ? exactly.First : containing.First).ClickAsync(new() { Timeout = 5_000 });
                await Expect(shown).ToContainTextAsync(option, new() { Timeout = 3_000 });
                return;
            }
            catch (Exception error) when (error is PlaywrightException or TimeoutException && attempt < 3)
            {
                // Not chosen yet (the drop-down closed under the click, say, and the click timed out): again.
            }
        }
    }

    // A long drop-down draws only the options in view (Ant Design's virtual list): scrolled down, as a person would,
    // until the option is drawn.
    private static async Task ScrollToAsync(IPage page, ILocator dropDown, ILocator option)
    {
        try
        {
            await Expect(option).ToBeVisibleAsync(new() { Timeout = 2_000 });
            return;
        }
        catch (PlaywrightException)
        {
            // Not drawn: below the options in view.
        }

        // A list drawn without the virtual list's holder is scrolled from the keyboard: the active option comes into view.
        var holder = dropDown.Locator(".rc-virtual-list-holder");
        var wheel = await holder.CountAsync() > 0;
        for (var turn = 0; turn < 40 && !await option.IsVisibleAsync(); turn++)
        {
            if (wheel)
            {
                await holder.HoverAsync();
                await page.Mouse.WheelAsync(0, 120);
            }
            else
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            await page.WaitForTimeoutAsync(100);
        }

        await Expect(option).ToBeVisibleAsync(new() { Timeout = 5_000 });
    }
}
