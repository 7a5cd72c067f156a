using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// Process instances as one person may see them, for a host. A person sees an instance when they take part in it
/// (its subject, or holding a task in it) or oversee its subject (<see cref="Oversight"/>: a manager up the chain, a
/// department head or HRBP of the subject's department or one above, an administrator). What they see: the status,
/// the steps it waits at and who holds them (nobody named at an anonymous step), the timeline, the schedule (its
/// pending timers, and the notices it sent to them — <see cref="ScheduleView"/>), the forms in the
/// sections their own parts and relation allow (<see cref="ViewerAccess"/>), the answers they may see — never who
/// gave an anonymous answer. Anyone else gets null: the instance might as well not exist.
/// </summary>
public sealed class InstanceDesk(Database database, TimeProvider clock)
{
    /// <summary>The instance as <paramref name="viewerId"/> may see it; null when they may not.</summary>
    public async Task<InstanceDetails?> InstanceAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        var seen = await SeeAsync(instanceId, viewerId, cancellationToken);
        if (seen is not var (work, run, relations, relation))
        {
            return null;
        }

        await using (work)
        {
            var instance = run.Instance;
            var names = new Names(work);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var open = new List<OpenTaskView>();
            foreach (var task in run.Tasks.Where(t => t.Status == TaskStatuses.Open))
            {
                var anonymous = run.Process.Steps[task.Step] is ForEachStep { Anonymous: true };
                open.Add(new OpenTaskView(task.Step, TaskDesk.StepTitle(run.Process, task.Step), anonymous ? null : await names.OfAsync(task.AssigneeId), TaskDesk.At(task.DueAt), task.DueAt < now));
            }

            var forms = new JsonObject();
            foreach (var (name, document) in run.State.Forms)
            {
                if (ViewerAccess.Of(run, name, viewerId, relation) is { } access)
                {
                    var template = await ProcessCatalog.FormAsync(work, run.Process, name);
                    forms[name] = new FormAccess(template, access).View(document);
                }
            }

            var isSubject = instance.SubjectId == viewerId;
            var answers = new JsonObject();
            foreach (var (stepId, responses) in run.State.Responses)
            {
                if (run.Process.Steps[stepId] is ForEachStep { Anonymous: true })
                {
                    answers[stepId] = ProcessViews.AnonymousAnswers(run.State, stepId);
                }
                else if (isSubject || run.Tasks.Any(t => t.AssigneeId == viewerId && t.Step == stepId))
                {
                    answers[stepId] = new JsonArray([.. responses.Select(r => (JsonNode?)new JsonObject { ["by"] = r.By, ["occurrence"] = r.Occurrence, ["at"] = r.At, ["data"] = r.Data.DeepClone() })]);
                }
            }

            return new InstanceDetails(
                instance.Id, instance.ProcessKey, run.Process.Title, instance.ProcessVersion, instance.CycleId, await names.OfAsync(instance.SubjectId),
                instance.Status, TaskDesk.At(instance.CreatedAt)!.Value, TaskDesk.At(instance.UpdatedAt)!.Value, relations, open, forms, answers);
        }
    }

    /// <summary>The instance's journal as <paramref name="viewerId"/> may read it (entries about anonymous answers name nobody); null when they may not see it.</summary>
    public async Task<IReadOnlyList<TimelineItem>?> TimelineAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        var seen = await SeeAsync(instanceId, viewerId, cancellationToken);
        if (seen is not var (work, run, _, _))
        {
            return null;
        }

        await using (work)
        {
            var names = new Names(work);
            var anonymousSteps = run.Process.Steps.Values.OfType<ForEachStep>().Where(s => s.Anonymous).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var entries = new List<TimelineItem>();
            foreach (var entry in await AuditLog.ForAsync(work, "instance", instanceId))
            {
                var detail = JsonNode.Parse(entry.AfterJson ?? "{}")!.AsObject();
                var (from, to) = ((string?)detail["from"], (string?)detail["to"]);
                var anonymous = entry.Actor == "anonymous" || (entry.Action != "step.entered" && from is not null && anonymousSteps.Contains(from));
                var (kind, actor) = anonymous ? ("anonymous", null)
                    : entry.Actor == "system" ? ("system", null)
                    : ("person", await names.OfAsync(entry.Actor));
                entries.Add(new TimelineItem(TaskDesk.At(entry.At)!.Value, kind, actor, entry.Action, from, to));
            }

            return entries;
        }
    }

    /// <summary>
    /// The instance's schedule as <paramref name="viewerId"/> may see it (<see cref="ScheduleView"/>): its pending
    /// reminders, escalations, waits and check-ins, and the notices it sent to the viewer; null when they may not see
    /// the instance.
    /// </summary>
    public async Task<InstanceSchedule?> ScheduleAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        if (await SeeAsync(instanceId, viewerId, cancellationToken) is not var (work, run, _, _))
        {
            return null;
        }

        await using (work)
        {
            return await ScheduleView.ForAsync(work, run, viewerId);
        }
    }

    /// <summary>
    /// The instances of <paramref name="subjectId"/> that <paramref name="viewerId"/> may see, newest first: all of them
    /// for the subject and those overseeing them, else the ones the viewer holds a task in (none for a stranger).
    /// </summary>
    public async Task<InstancePage> OfSubjectAsync(string subjectId, string viewerId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var relation = await Oversight.RelationAsync(database, viewerId, subjectId, cancellationToken);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var sql = """
            SELECT i.id AS Id, i.cycle_id AS CycleId, i.process_key AS ProcessKey, i.process_version AS ProcessVersion, i.subject_id AS SubjectId,
                   i.status AS Status, i.state AS State, i.version AS Version, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt
            FROM process_instances i WHERE i.subject_id = @Subject
            """;
        if (relation == SubjectRelation.None)
        {
            sql += " AND EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.assignee_id = @Viewer)";
        }

        var rows = (await work.Connection.QueryAsync<InstanceRow>(sql + " ORDER BY i.created_at DESC, i.id", new { Subject = subjectId, Viewer = viewerId }, work.Transaction)).ToList();
        var items = new List<InstanceListItem>();
        foreach (var row in rows.Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize))
        {
            var process = await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion);
            items.Add(new InstanceListItem(row.Id, row.ProcessKey, process?.Title ?? TaskDesk.Same(row.ProcessKey), row.CycleId, row.Status, TaskDesk.At(row.CreatedAt)!.Value, [.. InstanceState.Parse(row.State).Active]));
        }

        return new InstancePage(items, rows.Count);
    }

    // Opens the instance for the viewer when they may see it: the open unit of work (the caller disposes it), the run,
    // how the viewer stands to it (for the answer), and their relation to the subject.
    private async Task<(UnitOfWork Work, Run Run, IReadOnlyList<string> Relations, SubjectRelation Relation)?> SeeAsync(string instanceId, string viewerId, CancellationToken cancellationToken)
    {
        var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        try
        {
            if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
            {
                await work.DisposeAsync();
                return null;
            }

            var relation = await Oversight.RelationAsync(database, viewerId, instance.SubjectId, cancellationToken);
            var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), viewerId);
            var relations = new List<string>();
            if (instance.SubjectId == viewerId)
            {
                relations.Add("subject");
            }

            if (run.Tasks.Any(t => t.AssigneeId == viewerId))
            {
                relations.Add("participant");
            }

            foreach (var (flag, name) in new[] { (SubjectRelation.Manager, "manager"), (SubjectRelation.DepartmentHead, "department-head"), (SubjectRelation.Hrbp, "hrbp"), (SubjectRelation.Admin, "admin") })
            {
                if (relation.HasFlag(flag))
                {
                    relations.Add(name);
                }
            }

            if (relations.Count == 0)
            {
                await work.DisposeAsync();
                return null;
            }

            return (work, run, relations, relation);
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }
    }
}
