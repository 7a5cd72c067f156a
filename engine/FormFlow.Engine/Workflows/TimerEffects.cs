using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>What a due timer does to its instance: remind, escalate, end a wait, open the next check-in, or remind of a date in a form.</summary>
internal static class TimerEffects
{
    /// <summary>Applies the timer to <paramref name="run"/>; true when the instance itself changed.</summary>
    public static async Task<bool> FireAsync(Run run, TimerRow timer)
    {
        if (Target(run, timer) is not var (step, task))
        {
            return false;
        }

        if (task is not null)
        {
            // A reminder or an overdue notice is about the task as read: a submit committing meanwhile (on a server
            // database it does not wait for this read) must not be followed by "your task is overdue". Holding the
            // task at its version makes the two take turns: the notice commits first, or the timer finds the task
            // closed when it is taken again after its lease.
            run.Hold(task);
        }

        switch (timer.Kind)
        {
            case TimerKind.Reminder:
                run.Notify(new Notice(NoticeEvent.Reminder, task!.AssigneeId, Notice.Key(timer.Id)) { TaskId = task.Id, Step = step.Id, DueAt = task.DueAt });
                run.Journal("task.reminded", step.Id, step.Id, new JsonObject { ["task"] = task.Id }, "system");
                return false;
            case TimerKind.Escalation:
                await EscalateAsync(run, task!, step.Id, StepTasks.SpecOf(step)!.Escalation!, timer);
                return false;
            case TimerKind.Wait:
                var wait = (WaitStep)step;
                run.Journal("wait.ended", wait.Id, wait.Next, null, "system");
                await run.ContinueAsync(wait.Id, wait.Next);
                return true;
            case TimerKind.Recurrence:
                await NextOccurrenceAsync(run, (RecurringStep)step);
                return true;
            case TimerKind.DateReminder:
                await DateReminders.FireAsync(run, step, timer, JsonNode.Parse(timer.Payload)!.AsObject());
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// What the timer would act on if it fired now: its step, and for a reminder or an escalation the task (still open);
    /// null when it would do nothing — its task closed, its step left or entered again since, its instance's process
    /// without the step. The schedule shows only timers with a target (<see cref="ScheduleView"/>).
    /// </summary>
    public static (Step Step, TaskRow? Task)? Target(Run run, TimerRow timer)
    {
        var payload = JsonNode.Parse(timer.Payload)!.AsObject();
        var stepId = (string)payload["step"]!;
        var entry = (int)payload["entry"]!;
        if (!run.Process.Steps.TryGetValue(stepId, out var step))
        {
            return null;
        }

        return timer.Kind switch
        {
            TimerKind.Reminder when OpenTask(run, timer) is { } task => (step, task),
            TimerKind.Escalation when OpenTask(run, timer) is { } task && StepTasks.SpecOf(step)?.Escalation is not null => (step, task),
            TimerKind.Wait when IsCurrent(run, stepId, entry) && step is WaitStep => (step, null),
            TimerKind.Recurrence when IsCurrent(run, stepId, entry) && step is RecurringStep => (step, null),
            TimerKind.DateReminder when DateReminders.IsPlanned(run, timer, payload) => (step, null),
            _ => null,
        };
    }

    private static async Task EscalateAsync(Run run, TaskRow task, string stepId, Escalation escalation, TimerRow timer)
    {
        if (run.Process.Steps[stepId] is ForEachStep { Anonymous: true })
        {
            // Copying or handing on a late anonymous answer would tell someone who was asked and has not answered
            // (in upward feedback, the subject themselves): the late reviewer alone is told.
            run.Notify(new Notice(NoticeEvent.Overdue, task.AssigneeId, Notice.Key(timer.Id)) { TaskId = task.Id, Step = stepId, DueAt = task.DueAt });
            run.Journal("task.overdue", stepId, stepId, null, "system");
            return;
        }

        var superior = await run.People.SuperiorOfAsync(task.AssigneeId);
        // A task is never handed to the subject, nor to someone who already holds one at the step (they would
        // approve twice); then the superior is copied instead.
        var canTakeOver = superior is not null && superior.Id != run.Instance.SubjectId
            && !run.Tasks.Any(t => t.Step == stepId && t.Status == TaskStatuses.Open && t.AssigneeId == superior.Id);
        if (escalation.Action == EscalationAction.ReassignSuperior && canTakeOver && superior is not null)
        {
            run.Update(task with { AssigneeId = superior.Id });
            run.Notify(new Notice(NoticeEvent.Reassigned, superior.Id, Notice.Key(timer.Id)) { Cc = [task.AssigneeId], TaskId = task.Id, Step = stepId, DueAt = task.DueAt });
            run.Journal("task.reassigned", stepId, stepId, new JsonObject { ["task"] = task.Id, ["from"] = task.AssigneeId, ["to"] = superior.Id }, "system");
            return;
        }

        // The superior is copied (抄送上级); a person without a superior is told alone.
        run.Notify(new Notice(NoticeEvent.Overdue, task.AssigneeId, Notice.Key(timer.Id)) { Cc = superior is null ? [] : [superior.Id], TaskId = task.Id, Step = stepId, DueAt = task.DueAt });
        run.Journal("task.overdue", stepId, stepId, new JsonObject { ["task"] = task.Id, ["copied"] = superior?.Id }, "system");
    }

    private static async Task NextOccurrenceAsync(Run run, RecurringStep recurring)
    {
        var state = run.State.Step(recurring.Id);
        state.Index++;
        run.Assign(recurring, recurring.Task, await run.AssigneeAsync(recurring.Assignee), TaskPart.Occurrence(state.Index));
        run.Journal("occurrence.opened", recurring.Id, recurring.Id, new JsonObject { ["occurrence"] = state.Index }, "system");
        if (state.Index < recurring.Count)
        {
            // Counted from the step's start, not from this firing: a late sweep does not push every later check-in back.
            var every = state.Every is { } chosen ? Duration.Parse(chosen)!.Value : recurring.Every;
            // A step that starts on a weekday counts from its first occurrence, which fell on that day.
            var next = state.FirstAt is { } first
                ? every.Times(state.Index).AddTo(DateTimeOffset.FromUnixTimeMilliseconds(first))
                : every.Times(state.Index + 1).AddTo(DateTimeOffset.FromUnixTimeMilliseconds(state.StartedAt));
            run.Schedule(TimerKind.Recurrence, recurring.Id, state.Entry, next, taskId: null);
        }
    }

    private static TaskRow? OpenTask(Run run, TimerRow timer) =>
        timer.TaskId is { } id && run.Task(id) is { Status: TaskStatuses.Open } task ? task : null;

    // A wait or recurrence timer counts only while its step is still active in the entry it was set for.
    private static bool IsCurrent(Run run, string stepId, int entry) =>
        run.State.Active.Contains(stepId) && run.State.Steps.TryGetValue(stepId, out var state) && state.Entry == entry;
}
