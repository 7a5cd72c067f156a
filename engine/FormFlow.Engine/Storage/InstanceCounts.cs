using Dapper;

namespace FormFlow.Storage;

/// <summary>
/// How many instances each cycle has of the people of each department (<c>instance_counts</c>, migration 0021): what
/// the total of a team's instances sums instead of checking every instance. Every instance is written by
/// <see cref="CommandWrites"/>, which counts it here in the same transaction, by the department its subject has; an
/// import, which may move people, counts them all again (<c>OrganisationStore.ReplaceAsync</c>). Every instance counts
/// (migration 0022): '' stands for no cycle, and for no department — a subject without one, or no longer in the
/// organisation — so that the counts add up to the instances a cycle has.
/// </summary>
internal static class InstanceCounts
{
    /// <summary>
    /// The part of a command's one PostgreSQL statement (<see cref="CommandWrites.PostgresStatement"/>) beside the insert
    /// of its new instances, from the same parameters, written only when everything the command checked held.
    /// </summary>
    public const string PostgresPart = """
        counted AS (
            INSERT INTO instance_counts (cycle_id, department_id, instances)
            SELECT COALESCE(i.cycle_id, ''), COALESCE(p.department_id, ''), COUNT(*)
            FROM unnest(@NewInstanceCycles, @NewInstanceSubjects) AS i (cycle_id, subject_id) LEFT JOIN people p ON p.id = i.subject_id
            WHERE EXISTS (SELECT 1 FROM moved)
            GROUP BY 1, 2
            ON CONFLICT (cycle_id, department_id) DO UPDATE SET instances = instance_counts.instances + EXCLUDED.instances)
        """;

    /// <summary>Counts <paramref name="instances"/>, just inserted: a statement for each cycle among them (a launch's batch has one).</summary>
    public static async Task AddAsync(UnitOfWork work, IReadOnlyList<InstanceRow> instances)
    {
        foreach (var cycle in instances.GroupBy(i => i.CycleId ?? "", StringComparer.Ordinal))
        {
            await work.Connection.ExecuteAsync(AddSql(work.Dialect), new { Cycle = cycle.Key, Ids = JsonIds.Of(cycle.Select(i => i.SubjectId)) }, work.Transaction);
        }
    }

    /// <summary>
    /// Adds to @Cycle's counts the subjects of @Ids (a <see cref="JsonIds"/> parameter, a subject once for each of
    /// their instances), by their department: each looked up by its key.
    /// </summary>
    internal static string AddSql(StorageDialect dialect) => dialect switch
    {
        StorageDialect.PostgreSql => """
            INSERT INTO instance_counts (cycle_id, department_id, instances)
            SELECT @Cycle, COALESCE(p.department_id, ''), COUNT(*)
            FROM jsonb_array_elements_text(CAST(@Ids AS jsonb)) AS s (id) LEFT JOIN people p ON p.id = s.id
            GROUP BY COALESCE(p.department_id, '')
            ON CONFLICT (cycle_id, department_id) DO UPDATE SET instances = instance_counts.instances + EXCLUDED.instances
            """,
        StorageDialect.SqlServer => """
            MERGE instance_counts WITH (HOLDLOCK) AS c
            USING (
                SELECT COALESCE(p.department_id, N''), COUNT(*)
                FROM OPENJSON(@Ids) s LEFT JOIN people p ON p.id = s.value
                GROUP BY COALESCE(p.department_id, N'')
            ) AS n (department_id, instances)
            ON c.cycle_id = @Cycle AND c.department_id = n.department_id
            WHEN MATCHED THEN UPDATE SET instances = c.instances + n.instances
            WHEN NOT MATCHED THEN INSERT (cycle_id, department_id, instances) VALUES (@Cycle, n.department_id, n.instances);
            """,
        // "WHERE true": SQLite reads an ON after a join as the join's constraint unless a WHERE ends the SELECT.
        _ => """
            INSERT INTO instance_counts (cycle_id, department_id, instances)
            SELECT @Cycle, COALESCE(p.department_id, ''), COUNT(*)
            FROM json_each(@Ids) s LEFT JOIN people p ON p.id = s.value
            WHERE true
            GROUP BY COALESCE(p.department_id, '')
            ON CONFLICT (cycle_id, department_id) DO UPDATE SET instances = instances + excluded.instances
            """,
    };
}
