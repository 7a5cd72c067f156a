using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>Builders of rows for storage tests: valid by default, changed with <c>with</c>.</summary>
internal static class Rows
{
    public const long Now = 1_790_000_000_000; // 2026-09-21, a fixed instant so tests read the same every run

    public static InstanceRow Instance(string? id = null) => new()
    {
        Id = id ?? NewId(),
        ProcessKey = "annual-review",
        ProcessVersion = 1,
        SubjectId = "p-0001",
        Status = "running",
        State = "{}",
        Version = 1,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    public static TaskRow Task(string instanceId, string? id = null) => new()
    {
        Id = id ?? NewId(),
        InstanceId = instanceId,
        Step = "self-review",
        AssigneeId = "p-0001",
        DueAt = Now + TimeSpan.FromDays(14).Ticks / TimeSpan.TicksPerMillisecond,
        Status = "open",
        Data = "{}",
        Version = 1,
        CreatedAt = Now,
    };

    public static TimerRow Timer(string instanceId, long dueAt, string? id = null) => new()
    {
        Id = id ?? NewId(),
        InstanceId = instanceId,
        Kind = "reminder",
        DueAt = dueAt,
        Payload = "{}",
    };

    /// <summary>A command's writes that start <paramref name="instances"/> and nothing else.</summary>
    public static CommandWrite Starting(params InstanceRow[] instances) => new(null, [], instances, [], [], [], [], [], [], null);

    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
