using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Actuals;

/// <summary>
/// One of a person's indicators as their KPI form holds it (docs/kpi-actuals.md). <see cref="Id"/> identifies it: the
/// library key when the item was picked from the library, else its trimmed name. What the item leaves out takes the
/// defaults: higher is better, weekly, a warning after 2 periods, and no threshold (nothing to watch).
/// </summary>
public sealed record PersonIndicator(
    string Id,
    string? Key,
    string Name,
    string? Definition,
    string? Unit,
    string Direction,
    double? Target,
    double? Threshold,
    string Frequency,
    int WarnAfter,
    string InstanceId)
{
    public const string HigherBetter = "higher-better";
    public const string LowerBetter = "lower-better";

    /// <summary>Whether <paramref name="value"/> is on the wrong side of the threshold: below it when higher is better, above it when lower is.</summary>
    public bool Breaches(double value) => IsBreach(Direction, Threshold, value);

    internal static bool IsBreach(string direction, double? threshold, double value) =>
        threshold is { } t && (direction == LowerBetter ? value > t : value < t);
}

/// <summary>
/// Which indicators a person has (the KPI contract, section 2): the items of the <c>indicators</c> field of their newest
/// not-cancelled instance whose form — in any process, under any key — has that field handed in. No shipped key is
/// compared by name: the template's <c>indicators</c> member says which field holds them.
/// </summary>
internal static class PersonIndicators
{
    /// <summary>The indicators of <paramref name="personId"/>; empty when no form of theirs names any.</summary>
    public static async Task<IReadOnlyList<PersonIndicator>> OfAsync(UnitOfWork work, string personId)
    {
        var rows = await work.Connection.QueryAsync<InstanceRow>(
            """
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE subject_id = @Subject AND status <> 'cancelled'
            """,
            new { Subject = personId },
            work.Transaction);
        foreach (var row in rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal))
        {
            if (await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is not { } process)
            {
                continue;
            }

            var state = InstanceState.Parse(row.State);
            foreach (var (alias, _) in process.Forms.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var template = await ProcessCatalog.FormAsync(work, process, alias);
                if (template.IndicatorField is { } field && state.Forms.GetValueOrDefault(alias)?[field] is JsonArray items)
                {
                    // What a keyed item leaves out comes from the library indicator of that key, graded for the person.
                    var proposals = items.OfType<JsonObject>().Any(i => i["indicator"] is not null)
                        ? Indicators.IndicatorLibrary.Propose(await Indicators.IndicatorLibrary.PublishedAsync(work), await Indicators.IndicatorLibrary.SubjectAsync(work, personId))
                            .ToDictionary(p => p.Indicator.Key, StringComparer.Ordinal)
                        : [];
                    return Read(items, row.Id, proposals);
                }
            }
        }

        return [];
    }

    /// <summary>
    /// The items of an indicators list, each once by its id (the first wins), items without a name left out; what a
    /// keyed item leaves out is taken from the library's proposal of that key for the person (its grade's target and
    /// threshold), else the defaults.
    /// </summary>
    internal static IReadOnlyList<PersonIndicator> Read(JsonArray items, string instanceId, IReadOnlyDictionary<string, Indicators.IndicatorProposal>? library = null)
    {
        var indicators = new List<PersonIndicator>();
        foreach (var item in items.OfType<JsonObject>())
        {
            var name = Text(item["name"])?.Trim();
            var key = Text(item["indicator"])?.Trim();
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(key))
            {
                continue;
            }

            var id = string.IsNullOrEmpty(key) ? name! : key;
            if (indicators.Any(i => i.Id == id))
            {
                continue;
            }

            var proposal = string.IsNullOrEmpty(key) ? null : library?.GetValueOrDefault(key);
            var source = proposal?.Indicator;
            var frequency = Text(item["frequency"]) is { } written && Frequency.IsKnown(written) ? written
                : source is not null && Frequency.IsKnown(source.Frequency) ? source.Frequency : Frequency.Weekly;
            var direction = Text(item["direction"]) ?? source?.Direction;
            indicators.Add(new PersonIndicator(
                id,
                string.IsNullOrEmpty(key) ? null : key,
                string.IsNullOrEmpty(name) ? source?.Name.ZhCn ?? key! : name,
                Text(item["definition"]) ?? source?.Definition.ZhCn,
                Text(item["unit"]) ?? source?.Unit,
                direction == PersonIndicator.LowerBetter ? PersonIndicator.LowerBetter : PersonIndicator.HigherBetter,
                Number(item["target"]) ?? proposal?.Target,
                Number(item["threshold"]) ?? proposal?.Threshold,
                frequency,
                Number(item["warn_after"]) is { } n && n is >= 1 and <= 12 ? (int)n : source?.WarnAfter is >= 1 and <= 12 ? source.WarnAfter : 2,
                instanceId));
        }

        return indicators;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static double? Number(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<double>(out var number) ? number
        : value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
        : null;
}
