using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>
/// The pages' text keys (designer-api/web/src/i18n/*.json and every src/*/texts/*.json), to catch a page showing a key
/// where its text belongs: a page whose texts did not load before it rendered.
/// </summary>
internal static partial class TextKeys
{
    private static readonly Lazy<HashSet<string>> Keys = new(Read);

    /// <summary>The repository's folder (the one holding FormFlow.sln) above the tests' binaries.</summary>
    public static string RepositoryFolder()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? TestContext.CurrentContext.TestDirectory;
    }

    /// <summary>Fails when the page shows a text key, in its text or in an accessible name, label or hint.</summary>
    public static async Task ExpectNoneShownAsync(IPage page, string step)
    {
        var shown = await page.EvaluateAsync<string>(
            """
            () => {
              // Identifiers a page shows as such — a definition's key in <code>, a Scriban text, anything marked
              // translate="no" — are data, not texts: "task.approved" is a notification's key as well as a text key.
              let text = document.body.innerText;
              for (const data of document.querySelectorAll('code, [translate="no"]')) text = text.split(data.innerText).join('\n');
              return [text, ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
                .flatMap((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? ''))].join('\n');
            }
            """);
        var keys = Candidate().Matches(shown).Select(m => m.Value).Where(Keys.Value.Contains).Distinct().ToList();
        Assert.That(keys, Is.Empty, $"{step}: text keys on the page instead of their texts");
    }

    private static HashSet<string> Read()
    {
        var src = Path.Combine(RepositoryFolder(), "designer-api", "web", "src");
        var files = Directory.GetFiles(Path.Combine(src, "i18n"), "*.json")
            .Concat(Directory.GetDirectories(src).SelectMany(d => Directory.Exists(Path.Combine(d, "texts")) ? Directory.GetFiles(Path.Combine(d, "texts"), "*.json") : []))
            .ToList();
        Assert.That(files, Is.Not.Empty, $"the pages' texts are not in {src}");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var texts = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var text in texts.RootElement.EnumerateObject())
            {
                keys.Add(text.Name);

                // A missing plural shows the key without its _one / _other.
                keys.Add(PluralSuffix().Replace(text.Name, ""));
            }
        }

        return keys;
    }

    [GeneratedRegex(@"[A-Za-z][\w-]*(?:\.[\w$-]+)+")]
    private static partial Regex Candidate();

    [GeneratedRegex("_(zero|one|two|few|many|other)$")]
    private static partial Regex PluralSuffix();
}
