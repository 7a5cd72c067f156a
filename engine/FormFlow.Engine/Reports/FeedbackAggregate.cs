using System.Text.Json.Nodes;
using FormFlow.Templates;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

using static FormFlow.Reports.FormValues;

/// <summary>A labelled figure of a 360-degree aggregate: the mean of a rating over all answers.</summary>
internal sealed record MeanLine(string Label, double Mean);

/// <summary>A labelled list of a 360-degree aggregate: the texts of all answers to one question, in alphabetical order.</summary>
internal sealed record TextsLine(string Label, IReadOnlyList<string> Texts);

/// <summary>
/// The answers of an anonymous for-each step (the 360-degree feedback) as a report shows them: nothing while answers
/// still come in, only the count below <see cref="Visibility.MinimumAnonymousAnswers"/> answers, else means and
/// texts without names. Built from what <see cref="Visibility.AnonymousAnswers"/> gives anyone to read, never from
/// the answers themselves, so that every report keeps the views' rules.
/// </summary>
internal sealed record FeedbackAggregate(bool Pending, int Count, bool Withheld, IReadOnlyList<MeanLine> Means, IReadOnlyList<TextsLine> Texts)
{
    /// <summary>
    /// <paramref name="aggregate"/> in <see cref="Visibility.AnonymousAnswers"/>'s shape — <c>{ pending }</c>,
    /// <c>{ count, withheld }</c> or <c>{ count, means: { path: mean }, texts: { path: [...] } }</c> — with each path
    /// labelled by <paramref name="template"/>'s field label in <paramref name="language"/>.
    /// </summary>
    public static FeedbackAggregate From(JsonObject aggregate, FormTemplate template, string language)
    {
        string Label(string path) => template.LabelOf(path.Replace("[]", string.Empty, StringComparison.Ordinal))?.For(language) ?? path;
        var means = aggregate["means"] is JsonObject m ? m.Select(p => new MeanLine(Label(p.Key), Number(p.Value) ?? 0)).ToList() : [];
        var texts = aggregate["texts"] is JsonObject t
            ? t.Select(p => new TextsLine(Label(p.Key), [.. (p.Value as JsonArray ?? []).Select(v => Text(v))])).ToList()
            : [];
        return new FeedbackAggregate(Bool(aggregate["pending"]) == true, Int(aggregate["count"]) ?? 0, Bool(aggregate["withheld"]) == true, means, texts);
    }

    /// <summary>The aggregate as a template sees it (shared by the pre-interview and the history report).</summary>
    public ScriptObject ToScriptObject() => new()
    {
        ["pending"] = Pending,
        ["count"] = Count,
        ["withheld"] = Withheld,
        ["means"] = ReportArrays.Of(Means, m => new ScriptObject { ["label"] = m.Label, ["mean"] = Format(m.Mean) }),
        ["texts"] = ReportArrays.Of(Texts, t => new ScriptObject { ["label"] = t.Label, ["texts"] = new ScriptArray(t.Texts) }),
    };
}
