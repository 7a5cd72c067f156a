namespace FormFlow.Processes;

/// <summary>
/// A meeting a step books from its form (<c>"meeting"</c> on a form or review step): the form's date-time field
/// <see cref="At"/> is when it starts, <see cref="Place"/> and <see cref="Agenda"/> (optional text fields) where and
/// what about; it lasts <see cref="Length"/>, and the people <see cref="With"/> are invited. Whenever a write of the
/// form leaves a time other than the one last sent, they receive an invitation, an update or a cancellation with an
/// iCalendar event (<see cref="Workflows.MeetingInvitations"/>).
/// </summary>
internal sealed record Meeting(string At, string? Place, string? Agenda, Duration Length, IReadOnlyList<Assignee> With)
{
    /// <summary>How long a meeting lasts when the step does not say: an hour.</summary>
    public static readonly Duration DefaultLength = new(0, TimeSpan.FromHours(1));

    /// <summary>The fields the meeting reads, with the member naming each.</summary>
    public IEnumerable<(string Member, string Field)> Fields =>
        new (string, string?)[] { ("at", At), ("place", Place), ("agenda", Agenda) }.Where(f => f.Item2 is not null).Select(f => (f.Item1, f.Item2!));
}
