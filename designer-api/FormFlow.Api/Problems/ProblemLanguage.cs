using FormFlow.Text;
using Microsoft.Net.Http.Headers;

namespace FormFlow.Api.Problems;

/// <summary>The language of the texts FormFlow answers with: zh-CN or en, from <c>Accept-Language</c>; zh-CN when it names neither.</summary>
internal static class ProblemLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(ProblemLanguage), out var known) && known is string language)
        {
            return language;
        }

        var chosen = Chinese;
        if (StringWithQualityHeaderValue.TryParseList(context.Request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var value in accepted.OrderByDescending(v => v.Quality ?? 1))
            {
                var tag = value.Value.Value ?? string.Empty;
                if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                {
                    chosen = English;
                    break;
                }
            }
        }

        context.Items[typeof(ProblemLanguage)] = chosen;
        return chosen;
    }

    public static string Say(HttpContext context, LocalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.For(Of(context));
    }
}
