using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class DefinitionTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task Publishing_freezes_the_draft_as_the_next_version_and_later_drafts_do_not_touch_it()
    {
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "template", "kpi-setting", "{\"v\":\"a\"}", "hrbp-1", Rows.Now));
        var first = await InTransaction(Db, w => DefinitionStore.PublishAsync(w, "template", "kpi-setting", "hrbp-1", Rows.Now + 1));
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "template", "kpi-setting", "{\"v\":\"b\"}", "hrbp-2", Rows.Now + 2));
        var second = await InTransaction(Db, w => DefinitionStore.PublishAsync(w, "template", "kpi-setting", "hrbp-2", Rows.Now + 3));
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "template", "kpi-setting", "{\"v\":\"c\"}", "hrbp-1", Rows.Now + 4));

        var published = await InTransaction(Db, w => DefinitionStore.PublishedAsync(w, "template", "kpi-setting"));
        var draft = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "template", "kpi-setting", DefinitionStore.Draft));

        Assert.That((first, second), Is.EqualTo(((int?)1, (int?)2)));
        Assert.That(published.Select(p => (p.Version, p.Body, p.PublishedBy, p.PublishedAt)), Is.EqualTo(new[]
        {
            (1, "{\"v\":\"a\"}", (string?)"hrbp-1", (long?)(Rows.Now + 1)),
            (2, "{\"v\":\"b\"}", (string?)"hrbp-2", (long?)(Rows.Now + 3)),
        }));
        Assert.That(draft!.Body, Is.EqualTo("{\"v\":\"c\"}"));
    }

    [Test]
    public async Task Publishing_without_a_draft_publishes_nothing()
    {
        var version = await InTransaction(Db, w => DefinitionStore.PublishAsync(w, "process", "annual-review", "hrbp-1", Rows.Now));

        Assert.That(version, Is.Null);
    }

    [Test]
    public async Task Two_authors_publishing_at_once_publish_one_version_and_the_other_gets_a_conflict()
    {
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "template", "idp", "{}", "hrbp-1", Rows.Now));

        var attempts = new[] { (Db, "hrbp-1"), (OtherNode, "hrbp-2") }.Select(async attempt =>
        {
            try
            {
                return await InTransaction(attempt.Item1, w => DefinitionStore.PublishAsync(w, "template", "idp", attempt.Item2, Rows.Now + 1));
            }
            catch (ConcurrencyConflictException)
            {
                return -1;
            }
        });
        var outcomes = await Task.WhenAll(attempts);

        var published = await InTransaction(Db, w => DefinitionStore.PublishedAsync(w, "template", "idp"));
        Assert.That(published.Select(p => p.Version), Is.EqualTo(new[] { 1 }).Or.EqualTo(new[] { 1, 2 }));
        Assert.That(outcomes.Count(o => o == -1), Is.EqualTo(2 - published.Count));
    }
}
