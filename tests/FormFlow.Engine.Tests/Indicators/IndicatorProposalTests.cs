using FormFlow.Indicators;

namespace FormFlow.Tests.Indicators;

/// <summary>
/// What the library proposes for a person, by their role family, level and department: only what applies to them,
/// the best match first, with their grade's target and threshold over the defaults.
/// </summary>
public class IndicatorProposalTests
{
    private static readonly IReadOnlyList<Indicator> Library = [.. Directory.GetFiles(IndicatorLintTests.Shipped, "*.json")
        .Select(f => IndicatorLibrary.Load(File.ReadAllText(f)).Indicator!)];

    private static IReadOnlyList<IndicatorProposal> For(string? roleFamily, string? level, params string[] departments) =>
        IndicatorLibrary.Propose(Library, new IndicatorSubject(roleFamily, level, departments));

    [Test]
    public void A_product_manager_is_proposed_the_product_managers_indicators()
    {
        var proposals = For("product-manager", "P5", "D200", "D000");

        Assert.That(proposals.Select(p => p.Indicator.Key), Is.EquivalentTo(new[] { "on-time-delivery", "feature-usage", "feedback-adopted" }));
    }

    [Test]
    public void A_grade_for_the_persons_level_wins_over_the_default_target_and_threshold()
    {
        var junior = For("sales-rep", "P3", "D300", "D000").Single(p => p.Indicator.Key == "contract-value");
        var senior = For("sales-rep", "P6", "D300", "D000").Single(p => p.Indicator.Key == "contract-value");

        Assert.That((junior.Target, junior.Threshold), Is.EqualTo((100d, (double?)80)));
        Assert.That((senior.Target, senior.Threshold), Is.EqualTo((150d, (double?)120)));
        Assert.That(senior.Score, Is.GreaterThan(junior.Score), "a graded match fits better");
    }

    [Test]
    public void An_indicator_for_a_department_is_proposed_within_it_and_below_it_only()
    {
        Assert.That(For("sales-rep", "P4", "D310", "D300", "D000").Select(p => p.Indicator.Key), Does.Contain("contract-value"), "a team below the sales department");
        Assert.That(For("sales-rep", "P4", "D200", "D000").Select(p => p.Indicator.Key), Does.Not.Contain("contract-value"), "a sales rep elsewhere");
    }

    [Test]
    public void The_best_match_comes_first()
    {
        var generic = IndicatorLibrary.Load(File.ReadAllText(Path.Combine(IndicatorLintTests.Shipped, "nps.json"))).Indicator! with
        {
            Key = "a-generic-one",
            AppliesTo = IndicatorScope.Any,
            Grades = [],
        };
        var proposals = IndicatorLibrary.Propose([generic, .. Library], new IndicatorSubject("customer-service", "P5", ["D300", "D000"]));

        Assert.That(proposals.Select(p => p.Indicator.Key), Is.EqualTo(new[] { "resolution-rate", "nps", "response-time", "a-generic-one" }));
        Assert.That(proposals[0].Target, Is.EqualTo(95), "the P5 grade of the resolution rate");
    }

    [Test]
    public void Nobody_in_particular_is_proposed_only_what_applies_to_anyone()
    {
        Assert.That(For(null, null), Is.Empty);
    }
}
