using Dapper;
using FormFlow.Storage;

namespace FormFlow.Actuals;

/// <summary>One written actual: a row of <c>kpi_actuals</c> (append-only; the newest row of a person, indicator and period counts).</summary>
internal sealed record ActualRow
{
    public required string Id { get; init; }

    public required string PersonId { get; init; }

    public required string Indicator { get; init; }

    public required string Name { get; init; }

    public string? Unit { get; init; }

    public required string Period { get; init; }

    public int PeriodSeq { get; init; }

    public double Value { get; init; }

    public required string Source { get; init; }

    public required string RecordedBy { get; init; }

    public long RecordedAt { get; init; }

    public string? InstanceId { get; init; }

    public required string Frequency { get; init; }

    public required string Direction { get; init; }

    public double? Target { get; init; }

    public double? Threshold { get; init; }

    public int WarnAfter { get; init; }
}

/// <summary>An open or cleared threshold warning: a row of <c>kpi_warnings</c>.</summary>
internal sealed record WarningRow
{
    public required string Id { get; init; }

    public required string PersonId { get; init; }

    public required string Indicator { get; init; }

    public string? InstanceId { get; init; }

    public required string FirstPeriod { get; init; }

    public required string LastPeriod { get; init; }

    public int FirstSeq { get; init; }

    /// <summary>JSON: <c>[{ "period", "value" }]</c>, the periods that made the breach.</summary>
    public required string BreachValues { get; init; }

    public long OpenedAt { get; init; }

    public long? ClearedAt { get; init; }

    public string? ClearedPeriod { get; init; }
}

/// <summary>The SQL of actuals and warnings. Plain statements, the same in every dialect but where noted.</summary>
internal static class ActualsStore
{
    private const string ActualColumns = """
        id AS Id, person_id AS PersonId, indicator AS Indicator, name AS Name, unit AS Unit, period AS Period, period_seq AS PeriodSeq,
        value AS Value, source AS Source, recorded_by AS RecordedBy, recorded_at AS RecordedAt, instance_id AS InstanceId,
        frequency AS Frequency, direction AS Direction, target AS Target, threshold AS Threshold, warn_after AS WarnAfter
        """;

    private const string WarningColumns = """
        id AS Id, person_id AS PersonId, indicator AS Indicator, instance_id AS InstanceId, first_period AS FirstPeriod,
        last_period AS LastPeriod, first_seq AS FirstSeq, breach_values AS BreachValues, opened_at AS OpenedAt,
        cleared_at AS ClearedAt, cleared_period AS ClearedPeriod
        """;

    private static readonly IReadOnlyList<BulkColumn<ActualRow>> Columns =
    [
        new("id", ColumnKind.Text, r => r.Id),
        new("person_id", ColumnKind.Text, r => r.PersonId),
        new("indicator", ColumnKind.Text, r => r.Indicator),
        new("name", ColumnKind.Text, r => r.Name),
        new("unit", ColumnKind.Text, r => r.Unit),
        new("period", ColumnKind.Text, r => r.Period),
        new("period_seq", ColumnKind.Integer, r => r.PeriodSeq),
        new("value", ColumnKind.Real, r => r.Value),
        new("source", ColumnKind.Text, r => r.Source),
        new("recorded_by", ColumnKind.Text, r => r.RecordedBy),
        new("recorded_at", ColumnKind.BigInteger, r => r.RecordedAt),
        new("instance_id", ColumnKind.Text, r => r.InstanceId),
        new("frequency", ColumnKind.Text, r => r.Frequency),
        new("direction", ColumnKind.Text, r => r.Direction),
        new("target", ColumnKind.Real, r => r.Target),
        new("threshold", ColumnKind.Real, r => r.Threshold),
        new("warn_after", ColumnKind.Integer, r => r.WarnAfter),
    ];

    /// <summary>
    /// <paramref name="column"/> is one of the list <paramref name="parameter"/>: PostgreSQL takes the list as one array
    /// parameter (Dapper sends it so), SQLite and SQL Server as the list Dapper spells out.
    /// </summary>
    public static string In(StorageDialect dialect, string column, string parameter) =>
        dialect == StorageDialect.PostgreSql ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    public static Task InsertAsync(UnitOfWork work, IReadOnlyList<ActualRow> rows, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "kpi_actuals", Columns, rows, cancellationToken);

    /// <summary>Every row written for the people, corrections included, oldest first.</summary>
    public static async Task<IReadOnlyList<ActualRow>> OfPeopleAsync(UnitOfWork work, IReadOnlyCollection<string> people)
    {
        var rows = new List<ActualRow>();
        foreach (var chunk in people.Chunk(500))
        {
            rows.AddRange(await work.Connection.QueryAsync<ActualRow>(
                $"SELECT {ActualColumns} FROM kpi_actuals WHERE {In(work.Dialect, "person_id", "People")} ORDER BY recorded_at, id",
                new { People = chunk },
                work.Transaction));
        }

        return rows;
    }

    /// <summary>The warnings of the people, open and cleared, oldest first.</summary>
    public static async Task<IReadOnlyList<WarningRow>> WarningsOfAsync(UnitOfWork work, IReadOnlyCollection<string> people)
    {
        var rows = new List<WarningRow>();
        foreach (var chunk in people.Chunk(500))
        {
            rows.AddRange(await work.Connection.QueryAsync<WarningRow>(
                $"SELECT {WarningColumns} FROM kpi_warnings WHERE {In(work.Dialect, "person_id", "People")} ORDER BY opened_at, id",
                new { People = chunk },
                work.Transaction));
        }

        return rows;
    }

    /// <summary>
    /// What the threshold sweep reads, for the people the condition selects: every row, a person's together, by
    /// indicator, period and time — the order the rows are stored in (SQLite) or indexed with what the sweep needs
    /// (PostgreSQL, SQL Server), so that the database only walks it. The sweep keeps the newest row of each period.
    /// </summary>
    public static string ScanSql(string condition) => $"""
        SELECT person_id AS PersonId, indicator AS Indicator, period_seq AS PeriodSeq, value AS Value, threshold AS Threshold,
               direction AS Direction, warn_after AS WarnAfter, frequency AS Frequency, name AS Name, unit AS Unit, instance_id AS InstanceId
        FROM kpi_actuals a
        WHERE {condition}
        ORDER BY person_id, indicator, period_seq, recorded_at, id
        """;

    /// <summary>The open warnings of the people the condition (over <c>person_id</c>) selects.</summary>
    public static async Task<IReadOnlyList<WarningRow>> OpenWarningsAsync(UnitOfWork work, string condition, object args) =>
        [.. await work.Connection.QueryAsync<WarningRow>(
            $"SELECT {WarningColumns} FROM kpi_warnings WHERE cleared_at IS NULL AND {condition}", args, work.Transaction)];

    /// <summary>
    /// Opens the warnings, each unless one is open for its person and indicator; returns the ids of those this call
    /// opened. PostgreSQL takes 500 in one statement (<c>RETURNING</c> names the ones written): one round trip instead
    /// of 500. SQLite, in the process, runs one prepared statement per warning (it binds parameters by name, so one
    /// statement of thousands of them costs more than the statements it saves); SQL Server one statement each.
    /// </summary>
    public static async Task<IReadOnlySet<string>> OpenAsync(UnitOfWork work, IReadOnlyList<WarningRow> warnings)
    {
        var opened = new HashSet<string>(StringComparer.Ordinal);
        if (work.Dialect == StorageDialect.SqlServer)
        {
            foreach (var warning in warnings)
            {
                if (await work.Connection.ExecuteAsync(OpenSql(work.Dialect), warning, work.Transaction) == 1)
                {
                    opened.Add(warning.Id);
                }
            }

            return opened;
        }

        if (work.Dialect == StorageDialect.Sqlite)
        {
            // One statement prepared once and run per warning, as the bulk inserts run on SQLite.
            await using var insert = work.Connection.CreateCommand();
            insert.Transaction = work.Transaction;
            insert.CommandText = OpenSql(work.Dialect);
            var names = new[] { "Id", "PersonId", "Indicator", "InstanceId", "FirstPeriod", "LastPeriod", "FirstSeq", "BreachValues", "OpenedAt" };
            var parameters = names.Select(n =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = "@" + n;
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            await insert.PrepareAsync();
            foreach (var w in warnings)
            {
                object?[] values = [w.Id, w.PersonId, w.Indicator, w.InstanceId, w.FirstPeriod, w.LastPeriod, w.FirstSeq, w.BreachValues, w.OpenedAt];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                if (await insert.ExecuteNonQueryAsync() == 1)
                {
                    opened.Add(w.Id);
                }
            }

            return opened;
        }

        foreach (var chunk in warnings.Chunk(500))
        {
            var args = new DynamicParameters();
            var rows = new List<string>();
            for (var i = 0; i < chunk.Length; i++)
            {
                var w = chunk[i];
                rows.Add($"(@Id{i}, @Person{i}, @Indicator{i}, @Instance{i}, @First{i}, @Last{i}, @Seq{i}, @Values{i}, @At{i}, NULL, NULL)");
                args.Add("Id" + i, w.Id);
                args.Add("Person" + i, w.PersonId);
                args.Add("Indicator" + i, w.Indicator);
                args.Add("Instance" + i, w.InstanceId);
                args.Add("First" + i, w.FirstPeriod);
                args.Add("Last" + i, w.LastPeriod);
                args.Add("Seq" + i, w.FirstSeq);
                args.Add("Values" + i, w.BreachValues);
                args.Add("At" + i, w.OpenedAt);
            }

            opened.UnionWith(await work.Connection.QueryAsync<string>(
                $"""
                INSERT INTO kpi_warnings (id, person_id, indicator, instance_id, first_period, last_period, first_seq, breach_values, opened_at, cleared_at, cleared_period)
                VALUES {string.Join(", ", rows)}
                ON CONFLICT (person_id, indicator) WHERE cleared_at IS NULL DO NOTHING
                RETURNING id
                """,
                args,
                work.Transaction));
        }

        return opened;
    }

    /// <summary>One warning opened unless one is open; SQL Server has no ON CONFLICT: it checks under a key-range lock, as the idempotency keys do.</summary>
    internal static string OpenSql(StorageDialect dialect) => dialect == StorageDialect.SqlServer
        ? """
          INSERT INTO kpi_warnings (id, person_id, indicator, instance_id, first_period, last_period, first_seq, breach_values, opened_at, cleared_at, cleared_period)
          SELECT @Id, @PersonId, @Indicator, @InstanceId, @FirstPeriod, @LastPeriod, @FirstSeq, @BreachValues, @OpenedAt, NULL, NULL
          WHERE NOT EXISTS (SELECT 1 FROM kpi_warnings WITH (UPDLOCK, HOLDLOCK) WHERE person_id = @PersonId AND indicator = @Indicator AND cleared_at IS NULL)
          """
        : """
          INSERT INTO kpi_warnings (id, person_id, indicator, instance_id, first_period, last_period, first_seq, breach_values, opened_at, cleared_at, cleared_period)
          VALUES (@Id, @PersonId, @Indicator, @InstanceId, @FirstPeriod, @LastPeriod, @FirstSeq, @BreachValues, @OpenedAt, NULL, NULL)
          ON CONFLICT (person_id, indicator) WHERE cleared_at IS NULL DO NOTHING
          """;

    /// <summary>Clears an open warning; true when this call cleared it.</summary>
    public static async Task<bool> ClearAsync(UnitOfWork work, string id, long at, string period) =>
        await work.Connection.ExecuteAsync(
            "UPDATE kpi_warnings SET cleared_at = @At, cleared_period = @Period WHERE id = @Id AND cleared_at IS NULL",
            new { Id = id, At = at, Period = period },
            work.Transaction) == 1;
}
