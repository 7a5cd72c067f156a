using Dapper;

namespace FormFlow.Storage;

/// <summary>A calibration session as stored: a cycle's department, its guideline (JSON), open or closed, who and when.</summary>
internal sealed record CalibrationRow
{
    public required string Id { get; init; }

    public required string CycleId { get; init; }

    public required string DepartmentId { get; init; }

    public required string Guideline { get; init; }

    public string Status { get; init; } = CalibrationStatus.Open;

    public required string OpenedBy { get; init; }

    public long OpenedAt { get; init; }

    public string? ClosedBy { get; init; }

    public long? ClosedAt { get; init; }

    public int Version { get; init; }
}

/// <summary>One person of a session: the instance holding their rating, the final rating when adjusted, the latest reason.</summary>
internal sealed record CalibrationRatingRow
{
    public required string CalibrationId { get; init; }

    public required string PersonId { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The proposed rating as the form held it when the session closed (the form then holds the final one); null while open.</summary>
    public int? ProposedRating { get; init; }

    public int? FinalRating { get; init; }

    public string? Reason { get; init; }

    public string? AdjustedBy { get; init; }

    public long? AdjustedAt { get; init; }

    public int Version { get; init; }
}

internal static class CalibrationStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>The SQL of calibration sessions (migration 0014), shared by the three dialects.</summary>
internal static class CalibrationStore
{
    private const string Columns = """
        id AS Id, cycle_id AS CycleId, department_id AS DepartmentId, guideline AS Guideline, status AS Status,
        opened_by AS OpenedBy, opened_at AS OpenedAt, closed_by AS ClosedBy, closed_at AS ClosedAt, version AS Version
        """;

    private const string RatingColumns = """
        calibration_id AS CalibrationId, person_id AS PersonId, instance_id AS InstanceId, proposed_rating AS ProposedRating, final_rating AS FinalRating,
        reason AS Reason, adjusted_by AS AdjustedBy, adjusted_at AS AdjustedAt, version AS Version
        """;

    public static Task InsertAsync(UnitOfWork work, CalibrationRow row) => work.Connection.ExecuteAsync(
        """
        INSERT INTO calibrations (id, cycle_id, department_id, guideline, status, opened_by, opened_at, closed_by, closed_at, version)
        VALUES (@Id, @CycleId, @DepartmentId, @Guideline, @Status, @OpenedBy, @OpenedAt, @ClosedBy, @ClosedAt, @Version)
        """,
        row,
        work.Transaction);

    public static Task InsertRatingAsync(UnitOfWork work, CalibrationRatingRow row) => work.Connection.ExecuteAsync(
        """
        INSERT INTO calibration_ratings (calibration_id, person_id, instance_id, final_rating, reason, adjusted_by, adjusted_at, version)
        VALUES (@CalibrationId, @PersonId, @InstanceId, @FinalRating, @Reason, @AdjustedBy, @AdjustedAt, @Version)
        """,
        row,
        work.Transaction);

    public static Task<CalibrationRow?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<CalibrationRow>(
        $"SELECT {Columns} FROM calibrations WHERE id = @Id", new { Id = id }, work.Transaction);

    public static async Task<IReadOnlyList<CalibrationRow>> OfCycleAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<CalibrationRow>($"SELECT {Columns} FROM calibrations WHERE cycle_id = @Cycle ORDER BY opened_at, id", new { Cycle = cycleId }, work.Transaction)];

    public static async Task<IReadOnlyList<CalibrationRow>> AllAsync(UnitOfWork work) =>
        [.. await work.Connection.QueryAsync<CalibrationRow>($"SELECT {Columns} FROM calibrations ORDER BY opened_at, id", transaction: work.Transaction)];

    public static async Task<IReadOnlyList<CalibrationRatingRow>> RatingsAsync(UnitOfWork work, string calibrationId) =>
        [.. await work.Connection.QueryAsync<CalibrationRatingRow>($"SELECT {RatingColumns} FROM calibration_ratings WHERE calibration_id = @Id", new { Id = calibrationId }, work.Transaction)];

    /// <summary>The instances of the cycle that a session (open or closed) already holds.</summary>
    public static async Task<IReadOnlyList<string>> TakenAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<string>(
            "SELECT r.instance_id FROM calibration_ratings r JOIN calibrations c ON c.id = r.calibration_id WHERE c.cycle_id = @Cycle",
            new { Cycle = cycleId },
            work.Transaction)];

    /// <summary>Whether an open session holds the instance: while it does, its subject does not read its rating.</summary>
    public static async Task<bool> HeldAsync(UnitOfWork work, string instanceId) => await work.Connection.ExecuteScalarAsync<int>(
        """
        SELECT COUNT(*) FROM calibration_ratings r JOIN calibrations c ON c.id = r.calibration_id
        WHERE r.instance_id = @Instance AND c.status = 'open'
        """,
        new { Instance = instanceId },
        work.Transaction) > 0;

    /// <summary>Sets a person's final rating at the version read; false when the row moved on.</summary>
    public static async Task<bool> AdjustAsync(UnitOfWork work, string calibrationId, string personId, int rating, string reason, string by, long at, int version) =>
        await work.Connection.ExecuteAsync(
            """
            UPDATE calibration_ratings SET final_rating = @Rating, reason = @Reason, adjusted_by = @By, adjusted_at = @At, version = version + 1
            WHERE calibration_id = @Calibration AND person_id = @Person AND version = @Version
            """,
            new { Calibration = calibrationId, Person = personId, Rating = rating, Reason = reason, By = by, At = at, Version = version },
            work.Transaction) == 1;

    /// <summary>Keeps a person's proposed rating as it stood when the session closed.</summary>
    public static Task KeepProposedAsync(UnitOfWork work, string calibrationId, string personId, int? proposed) => work.Connection.ExecuteAsync(
        "UPDATE calibration_ratings SET proposed_rating = @Proposed WHERE calibration_id = @Calibration AND person_id = @Person",
        new { Calibration = calibrationId, Person = personId, Proposed = proposed },
        work.Transaction);

    /// <summary>Closes an open session at the version read; false when it moved on or is closed.</summary>
    public static async Task<bool> CloseAsync(UnitOfWork work, string id, string by, long at, int version) => await work.Connection.ExecuteAsync(
        """
        UPDATE calibrations SET status = 'closed', closed_by = @By, closed_at = @At, version = version + 1
        WHERE id = @Id AND version = @Version AND status = 'open'
        """,
        new { Id = id, By = by, At = at, Version = version },
        work.Transaction) == 1;
}
