using System.Globalization;
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
    /// A select by its label: opened, then the option clicked, until the select shows it — as a person clicks again
    /// when a click on Ant Design's drop-down, still sliding in or drawn anew, did not take.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string label, string option)
    {
        var select = page.GetByLabel(label, new() { Exact = true });
        var shown = page.Locator(".ant-select").Filter(new() { Has = select });
        for (var attempt = 1; ; attempt++)
        {
            if (await select.GetAttributeAsync("aria-expanded") != "true")
            {
                await select.ClickAsync();
            }

            await page.Locator(".ant-select-item-option").Filter(new() { HasText = option }).First.ClickAsync();
            try
            {
                await Expect(shown).ToContainTextAsync(option, new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Not chosen yet: again.
            }
        }
    }
}
