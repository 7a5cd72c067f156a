namespace FormFlow.Workflows;

/// <summary>
/// Where a plan's action stands as a check-in says (the statuses of the shipped <c>monthly-check-in</c>: the employee's
/// <c>goals[].status</c> and <c>plan_actions[].status</c>, the manager's <c>action_marks[].status</c>).
/// </summary>
internal static class CheckInStatuses
{
    public const string OnTrack = "on-track";
    public const string AtRisk = "at-risk";
    public const string OffTrack = "off-track";
    public const string Done = "done";
    public const string InProgress = "in-progress";
    public const string NotStarted = "not-started";
}
