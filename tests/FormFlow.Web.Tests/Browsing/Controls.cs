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

    /// <summary>A select by its label: opened, then the option clicked.</summary>
    public static async Task ChooseAsync(IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = option }).First.ClickAsync();
    }
}
