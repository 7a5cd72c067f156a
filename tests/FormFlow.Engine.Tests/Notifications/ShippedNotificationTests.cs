using System.Text;
using FormFlow.Notifications;
using Snapshooter;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Notifications;

/// <summary>Every shipped notification rendered in both languages against the fixed sample model; the snapshots are reviewed like code.</summary>
public class ShippedNotificationTests
{
    private static IEnumerable<string> Keys() =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "samples", "notifications"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [Test]
    public void One_template_ships_for_each_event_and_the_superiors_copy()
    {
        Assert.That(NotificationCatalog.Shipped.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "cycle.closing-soon", "cycle.launched", "interview.cancelled", "interview.invitation", "interview.updated", "kpi.threshold-warning",
            "plan.action-overdue", "plan.date-reminder", "plan.off-track", "process.message", "recognition.announced", "task.approved", "task.assigned", "task.confirmed",
            "task.overdue", "task.overdue-copy", "task.reassigned", "task.reminder", "task.returned",
        }));
        Assert.That(Keys(), Is.EqualTo(NotificationCatalog.Shipped.Keys.Order(StringComparer.Ordinal)), "the embedded templates are the files of samples/notifications");
    }

    [TestCaseSource(nameof(Keys))]
    public void Renders_in_both_languages(string key)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "notifications", key + ".json"));
        var copy = key.EndsWith(NotificationCatalog.CopySuffix, StringComparison.Ordinal);
        var output = new StringBuilder();
        var meeting = key.StartsWith("interview.", StringComparison.Ordinal);
        Append(output, NotificationPreview.Render(json, language => NotificationModel.Sample(language, key, copy)), copy ? "copy" : meeting ? "manager" : "recipient");
        if (key == "task.reassigned")
        {
            // The one template both people get: the superior it was handed to, and the assignee copied.
            Append(output, NotificationPreview.Render(json, language => NotificationModel.Sample(language, key, copy: true)), "copy");
        }

        if (meeting)
        {
            // The employee invited to their own interview: no link to the report about them.
            Append(output, NotificationPreview.Render(json, Employee), "employee");
        }

        Snapshot.Match(output.ToString(), SnapshotNameExtension.Create(key));

        NotificationModel Employee(string language)
        {
            var sample = NotificationModel.Sample(language, key);
            return sample with { Meeting = sample.Meeting! with { ReportLink = null } };
        }
    }

    [Test]
    public void Every_shipped_template_passes_the_publishing_check()
    {
        foreach (var (key, (_, json)) in NotificationCatalog.Shipped)
        {
            Assert.That(NotificationCatalog.Check(json).Problems, Is.Empty, key);
        }
    }

    private static void Append(StringBuilder output, NotificationPreviewResult result, string as_)
    {
        Assert.That(result.Problems, Is.Empty);
        foreach (var text in result.Texts)
        {
            output.Append(System.Globalization.CultureInfo.InvariantCulture, $"===== {text.Language} {text.Part} ({as_})\n{text.Text}\n");
        }
    }
}
