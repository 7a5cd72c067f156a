using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>What language a page is in, as a person reads it.</summary>
internal static class Language
{
    /// <summary>
    /// The texts on screen with Chinese in them: visible text and the names, titles, placeholders and alternatives of
    /// visible elements — except what is marked as Chinese (<c>lang="zh-CN"</c>: the language switch's 中文, which names
    /// itself in its own language).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ChineseOnScreenAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
              const chinese = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
              const found = new Set();
              const visible = (element) => element && element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.textContent.trim();
                if (chinese.test(text) && visible(node.parentElement) && !node.parentElement.closest('[lang="zh-CN"]')) found.add(text);
              }
              for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
                if (!visible(element)) continue;
                for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
                  const value = element.getAttribute(name);
                  if (value && value !== '中文' && chinese.test(value)) found.add(`${name}="${value}"`);
                }
              }
              return [...found];
            }
            """);
}
