using System.Text.Json;
using System.Text.Json.Serialization;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Calibrations;

/// <summary>One band of a calibration guideline: its name, the ratings it takes, and the share of people it expects.</summary>
public sealed record GuidelineBand(LocalizedText Label, IReadOnlyList<int> Ratings, int Percent);

/// <summary>
/// The distribution a calibration compares its ratings with: bands of ratings and the percent of the rated people each
/// should hold. Every rating the field allows is in exactly one band, and the percents add up to 100.
/// </summary>
public static class Guideline
{
    /// <summary>20/70/10 on a 1–5 scale: 4–5 exceed, 3 meets, 1–2 need to improve.</summary>
    public static IReadOnlyList<GuidelineBand> Default { get; } =
    [
        new(new LocalizedText("卓越", "Exceeds"), [4, 5], 20),
        new(new LocalizedText("达标", "Meets"), [3], 70),
        new(new LocalizedText("待改进", "Needs improvement"), [1, 2], 10),
    ];

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>
    /// The problems of <paramref name="bands"/> for a rating field allowing <paramref name="allowed"/>, each naming the
    /// member (<c>/guideline/1/ratings/0</c>): no band, a band without a name or ratings, a percent outside 0–100, percents
    /// not adding up to 100, a rating the field does not allow, in two bands, or in none.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Check(IReadOnlyList<GuidelineBand> bands, IReadOnlyList<int> allowed)
    {
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(allowed);
        var problems = new List<ValidationProblem>();
        void Problem(string pointer, string code, string zh, string en) => problems.Add(new ValidationProblem(pointer, code, new LocalizedText(zh, en)));
        if (bands.Count == 0)
        {
            Problem("/guideline", "guideline.empty", "指导分布至少需要一个档位", "The guideline needs at least one band");
            return problems;
        }

        var seen = new Dictionary<int, int>();
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            if (string.IsNullOrWhiteSpace(band.Label?.ZhCn) || string.IsNullOrWhiteSpace(band.Label?.En))
            {
                Problem($"/guideline/{i}/label", "guideline.label", $"第 {i + 1} 档需要中文和英文名称", $"Band {i + 1} needs a name in Chinese and in English");
            }

            if (band.Percent is < 0 or > 100)
            {
                Problem($"/guideline/{i}/percent", "guideline.percent", $"第 {i + 1} 档的比例必须在 0 到 100 之间", $"The percent of band {i + 1} must be between 0 and 100");
            }

            if (band.Ratings is not { Count: > 0 })
            {
                Problem($"/guideline/{i}/ratings", "guideline.no-ratings", $"第 {i + 1} 档至少需要一个评分", $"Band {i + 1} needs at least one rating");
                continue;
            }

            for (var j = 0; j < band.Ratings.Count; j++)
            {
                var rating = band.Ratings[j];
                if (!allowed.Contains(rating))
                {
                    Problem($"/guideline/{i}/ratings/{j}", "guideline.unknown-rating", $"评分 {rating} 不是可选的评分（{string.Join("、", allowed)}）", $"{rating} is not a rating the form allows ({string.Join(", ", allowed)})");
                }
                else if (seen.TryGetValue(rating, out var other))
                {
                    Problem($"/guideline/{i}/ratings/{j}", "guideline.rating-twice", $"评分 {rating} 已在第 {other + 1} 档中，一个评分只能属于一档", $"The rating {rating} is already in band {other + 1}; a rating belongs to one band");
                }
                else
                {
                    seen[rating] = i;
                }
            }
        }

        if (bands.Sum(b => b.Percent) != 100)
        {
            Problem("/guideline", "guideline.percent-sum", $"各档比例之和是 {bands.Sum(b => b.Percent)}%，必须是 100%", $"The percents of the bands add up to {bands.Sum(b => b.Percent)}%; they must add up to 100%");
        }

        if (allowed.Where(r => !seen.ContainsKey(r)).ToList() is { Count: > 0 } missing && problems.Count == 0)
        {
            Problem("/guideline", "guideline.rating-missing", $"评分 {string.Join("、", missing)} 不在任何一档中", $"The ratings {string.Join(", ", missing)} are in no band");
        }

        return problems;
    }

    internal static string Serialize(IReadOnlyList<GuidelineBand> bands) => JsonSerializer.Serialize(bands, Json);

    internal static IReadOnlyList<GuidelineBand> Parse(string json) => JsonSerializer.Deserialize<List<GuidelineBand>>(json, Json) ?? [];
}
