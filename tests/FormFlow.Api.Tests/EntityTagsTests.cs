using FormFlow.Api.Contracts;

namespace FormFlow.Api.Tests;

/// <summary>The one reading of <c>If-Match</c> and writing of <c>ETag</c> that the task, cycle and authoring APIs share.</summary>
public sealed class EntityTagsTests
{
    [TestCase("\"3\"", "3")]
    [TestCase("W/\"3\"", "3")]
    [TestCase("3", "3")]
    [TestCase(" \"3\" , \"4\"", "3")]
    public void If_Match_reads_a_quoted_weak_or_bare_tag_as_its_value(string header, string first)
    {
        var parsed = EntityTags.ParseIfMatch(header);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Conditional, Is.True);
            Assert.That(parsed.First, Is.EqualTo(first));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("*")]
    public void An_absent_or_star_If_Match_puts_no_condition(string? header)
    {
        var parsed = EntityTags.ParseIfMatch(header);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Conditional, Is.False);
            Assert.That(parsed.First, Is.Null);
            Assert.That(parsed.Any, Is.EqualTo(header == "*"));
        });
    }

    [TestCase("\"3\"", true, 3)]
    [TestCase("*", true, null)]
    [TestCase(null, true, null)]
    [TestCase("\"x\"", false, null)]
    [TestCase("\"3\", \"4\"", false, null)]
    public void A_version_If_Match_names_one_whole_number(string? header, bool readable, int? version)
    {
        var ok = EntityTags.TryVersion(EntityTags.ParseIfMatch(header), out var parsed);
        Assert.That((ok, parsed), Is.EqualTo((readable, version)));
    }

    [Test]
    public void An_ETag_is_a_quoted_strong_tag()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EntityTags.Format(3), Is.EqualTo("\"3\""));
            Assert.That(EntityTags.Format("ab12"), Is.EqualTo("\"ab12\""));
            Assert.That(EntityTags.Format("\"ab12\""), Is.EqualTo("\"ab12\""));
        });
    }
}
