using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Storage;

namespace FormFlow.Tests.Organisation;

/// <summary>Who oversees whom in the small organisation (see <see cref="SmallOrg"/>), on each database.</summary>
public class OversightTests(string kind) : StorageTest(kind)
{
    [SetUp]
    public Task StoreSmallOrg() => InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, SmallOrg.File().Parse().Organisation!));

    [TestCase("P5", "P5", SubjectRelation.Self)]
    [TestCase("P4", "P5", SubjectRelation.Manager | SubjectRelation.DepartmentHead)]
    [TestCase("P2", "P5", SubjectRelation.Manager | SubjectRelation.DepartmentHead)]
    [TestCase("P1", "P5", SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Admin)]
    [TestCase("P7", "P5", SubjectRelation.Hrbp)]
    [TestCase("P6", "P5", SubjectRelation.Hrbp)]
    [TestCase("P3", "P5", SubjectRelation.None)]
    [TestCase("P5", "P4", SubjectRelation.None)]
    [TestCase("P7", "P6", SubjectRelation.None)]
    [TestCase("P6", "P7", SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Hrbp)]
    [TestCase("P4", "P3", SubjectRelation.None)]
    [TestCase("P5", "nobody", SubjectRelation.None)]
    [TestCase("nobody", "P5", SubjectRelation.None)]
    public async Task A_viewer_stands_to_a_subject_by_the_manager_and_department_trees(string viewer, string subject, SubjectRelation expected) =>
        Assert.That(await Oversight.RelationAsync(Db, viewer, subject), Is.EqualTo(expected));

    // A page of a list asks the relations to all its subjects at once: each must be the one asked alone (the cases above),
    // the subjects' walks up the trees never mixed, a subject asked twice or unknown answered as alone.
    [TestCase("P1")]
    [TestCase("P2")]
    [TestCase("P4")]
    [TestCase("P5")]
    [TestCase("P6")]
    [TestCase("P7")]
    [TestCase("nobody")]
    public async Task A_viewer_stands_to_many_subjects_asked_at_once_as_to_each_asked_alone(string viewer)
    {
        string[] subjects = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P5", "nobody"];
        var alone = new Dictionary<string, SubjectRelation>();
        foreach (var subject in subjects.Distinct())
        {
            alone[subject] = await Oversight.RelationAsync(Db, viewer, subject);
        }

        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var together = await Oversight.RelationsAsync(work, viewer, subjects);
        Assert.That(together, Is.EquivalentTo(alone));
    }

    [TestCase("P5", new string[0])]
    [TestCase("P4", new[] { "P5" })]
    [TestCase("P2", new[] { "P3", "P4", "P5" })]
    [TestCase("P7", new[] { "P2", "P3", "P4", "P5" })]
    [TestCase("P6", new[] { "P1", "P2", "P3", "P4", "P5", "P7" })]
    [TestCase("P1", new[] { "P2", "P3", "P4", "P5", "P6", "P7" })]
    [TestCase("nobody", new string[0])]
    public async Task The_people_a_viewer_oversees_are_their_reports_and_the_people_of_the_departments_they_lead(string viewer, string[] expected) =>
        Assert.That(await Oversight.OverseenAsync(Db, viewer), Is.EqualTo(expected));
}
