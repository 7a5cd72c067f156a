using Dapper;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>
/// A process's owning department (migration 0009): stored beside the body from the <c>ownerDepartment</c> it names, for
/// the draft and every published version; null for a process of the whole organisation and for the other kinds.
/// </summary>
public class ProcessOwnerTests(string kind) : StorageTest(kind)
{
    private const string OwnedByRandD = """{"key":"rd-flow","ownerDepartment":"D200","title":{"zh-CN":"研发","en":"R&D"}}""";
    private const string OwnedByPlatform = """{"key":"rd-flow","ownerDepartment":"D210","title":{"zh-CN":"研发","en":"R&D"}}""";

    [Test]
    public async Task The_owner_goes_with_the_draft_into_the_published_version_and_a_later_draft_does_not_touch_it()
    {
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "process", "rd-flow", OwnedByRandD, "E010", Rows.Now));
        await InTransaction(Db, w => DefinitionStore.PublishAsync(w, "process", "rd-flow", "E010", Rows.Now + 1));
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "process", "rd-flow", OwnedByPlatform, "E021", Rows.Now + 2));

        var published = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "rd-flow", 1));
        var draft = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "rd-flow", DefinitionStore.Draft));
        var current = await InTransaction(Db, w => DefinitionStore.CurrentOwnersAsync(w, "process", "rd-flow"));
        var listed = await InTransaction(Db, w => DefinitionStore.OwnersAsync(w, "process"));
        var launched = await InTransaction(Db, w => DefinitionStore.PublishedOwnerAsync(w, "process", "rd-flow"));

        Assert.Multiple(() =>
        {
            Assert.That(published!.OwnerDepartment, Is.EqualTo("D200"));
            Assert.That(draft!.OwnerDepartment, Is.EqualTo("D210"));
            Assert.That(current, Is.EquivalentTo(new[] { "D200", "D210" }));
            Assert.That(listed["rd-flow"], Is.EqualTo("D200"), "the list shows the newest published version's owner");
            Assert.That(launched, Is.EqualTo("D200"), "a launch runs the newest published version");
        });
    }

    [Test]
    public async Task A_process_of_the_whole_organisation_and_the_other_kinds_have_no_owner()
    {
        await InTransaction(Db, w => DefinitionStore.PublishBodyAsync(w, "process", "company-flow", """{"key":"company-flow"}""", "E004", Rows.Now));
        await InTransaction(Db, w => DefinitionStore.PublishBodyAsync(w, "template", "rd-form", """{"key":"rd-form","ownerDepartment":"D200"}""", "E004", Rows.Now));
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "process", "broken", "not json", "E004", Rows.Now));

        var company = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "company-flow", 1));
        var template = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "template", "rd-form", 1));
        var broken = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "broken", DefinitionStore.Draft));

        Assert.That((company!.OwnerDepartment, template!.OwnerDepartment, broken!.OwnerDepartment), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
    }

    [Test]
    public async Task Replacing_a_draft_over_its_entity_tag_moves_its_owner_too()
    {
        await InTransaction(Db, w => DefinitionStore.SaveDraftAsync(w, "process", "rd-flow", OwnedByRandD, "E010", Rows.Now));
        var read = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "rd-flow", DefinitionStore.Draft));

        var replaced = await InTransaction(Db, w => DefinitionStore.ReplaceDraftAsync(w, read!, OwnedByPlatform, "E021", Rows.Now + 1));
        var draft = await InTransaction(Db, w => DefinitionStore.FindAsync(w, "process", "rd-flow", DefinitionStore.Draft));

        Assert.That((replaced, draft!.OwnerDepartment), Is.EqualTo((true, (string?)"D210")));
    }

    [Test]
    public async Task Processes_stored_before_schema_9_get_their_owner_from_their_body()
    {
        await InTransaction(Db, async w =>
        {
            // Back to schema 8, with what it stored: an owned process (as a draft could), one of the whole organisation,
            // a template naming an owner, and a draft that is not JSON.
            foreach (var statement in UndoSchema9(Db.Dialect))
            {
                await w.Connection.ExecuteAsync(statement, transaction: w.Transaction);
            }

            await w.Connection.ExecuteAsync(
                """
                INSERT INTO definitions (kind, "key", version, body, saved_by, saved_at)
                VALUES ('process', 'rd-flow', 0, '{"key": "rd-flow", "ownerDepartment": "D200"}', 'E004', 1),
                       ('process', 'company-flow', 0, '{"key": "company-flow"}', 'E004', 1),
                       ('template', 'rd-form', 0, '{"key": "rd-form", "ownerDepartment": "D200"}', 'E004', 1),
                       ('process', 'broken', 0, 'not json', 'E004', 1)
                """,
                transaction: w.Transaction);
        });

        var applied = await Migrator.ApplyAsync(Db);

        var rows = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string, string?)>(
            "SELECT \"key\", owner_department FROM definitions ORDER BY \"key\"", transaction: w.Transaction)).ToList());
        Assert.That(applied.Select(m => m.Name), Is.EqualTo(new[] { "process_owners" }));
        Assert.That(rows, Is.EqualTo(new (string, string?)[] { ("broken", null), ("company-flow", null), ("rd-flow", "D200"), ("rd-form", null) }));
    }

    private static string[] UndoSchema9(StorageDialect dialect) =>
    [
        dialect == StorageDialect.SqlServer ? "DROP INDEX definitions_owner ON definitions" : "DROP INDEX definitions_owner",
        "ALTER TABLE definitions DROP COLUMN owner_department",
        "DELETE FROM formflow_migrations WHERE version = 9",
    ];
}
