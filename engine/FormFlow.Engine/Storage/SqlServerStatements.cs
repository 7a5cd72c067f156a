using FormFlow.Cycles;
using FormFlow.Organisation;

namespace FormFlow.Storage;

/// <summary>
/// Every statement whose text FormFlow writes for SQL Server alone, taken from where the code that runs it takes it,
/// so that a test can parse each with SQL Server's own parser (no SQL Server runs where FormFlow is built). Statements
/// the three dialects share are not listed, nor the migrations (<see cref="Migrator.Scripts"/>). Code that gives SQL
/// Server a text of its own adds it here.
/// </summary>
internal static class SqlServerStatements
{
    public static IReadOnlyList<(string Source, string Sql)> All =>
    [
        ("Migrator.SqlServerLock", Migrator.SqlServerLock),
        ("OrganisationStore.SqlServerImportLock", OrganisationStore.SqlServerImportLock),
        ("InstanceCounts.AddSql", InstanceCounts.AddSql(StorageDialect.SqlServer)),
        ("OrganisationStore.RecountInstancesSql", OrganisationStore.RecountInstancesSql(StorageDialect.SqlServer)),
        ("Migrator.VersionTableSql", Migrator.VersionTableSql(StorageDialect.SqlServer)),
        ("OutboxStore.Claim", OutboxStore.Claim.SqlServer),
        ("OutboxStore.Renew", OutboxStore.Renew.SqlServer),
        ("OutboxStore.PageSql(every status)", OutboxStore.PageSql(StorageDialect.SqlServer, OutboxStore.WhereShown(null))),
        ("OutboxStore.PageSql(dead)", OutboxStore.PageSql(StorageDialect.SqlServer, OutboxStore.WhereShown(OutboxStatus.Dead))),
        ("OutboxStore.ReceivedSql", OutboxStore.ReceivedSql(StorageDialect.SqlServer)),
        ("TimerStore.Claim", TimerStore.Claim.SqlServer),
        ("TimerStore.Renew", TimerStore.Renew.SqlServer),
        ("CycleProgressStore.OverdueSql", CycleProgressStore.OverdueSql(StorageDialect.SqlServer)),
        ("CycleProgressStore.ByDepartmentOrManager", CycleProgressStore.ByDepartmentOrManager),
        ("IdempotencyKeys.InsertSql", IdempotencyKeys.InsertSql(StorageDialect.SqlServer)),
        ("OrganisationStore.UpTheTreeSql(head_id)", OrganisationStore.UpTheTreeSql(StorageDialect.SqlServer, "head_id")),
        ("OrganisationStore.UpTheTreeSql(hrbp_id)", OrganisationStore.UpTheTreeSql(StorageDialect.SqlServer, "hrbp_id")),
        ("OrganisationStore.DepartmentsUpSql", OrganisationStore.DepartmentsUpSql(StorageDialect.SqlServer)),
        ("Oversight.ManagerChainSql", Oversight.ManagerChainSql(StorageDialect.SqlServer)),
        ("Oversight.DepartmentPathSql", Oversight.DepartmentPathSql(StorageDialect.SqlServer)),
        ("OrganisationStore.OverseenPageSql", OrganisationStore.OverseenPageSql(StorageDialect.SqlServer, Oversight.OverseenWith(StorageDialect.SqlServer))),
        ("OrganisationStore.PageSql(overseen, search)", OrganisationStore.PageSql(StorageDialect.SqlServer, Oversight.OverseenWith(StorageDialect.SqlServer), OrganisationStore.PageWhere(Oversight.OverseenScope(StorageDialect.SqlServer, admin: false, "p", withViewer: true, asSet: true), search: true, onlyId: false).Where, sortFound: true)),
        ("OrganisationStore.PageSql(everyone, one id)", OrganisationStore.PageSql(StorageDialect.SqlServer, "", OrganisationStore.PageWhere(null, search: false, onlyId: true).Where)),
        ("Oversight.OverseenScope(not admin)", $"{Oversight.OverseenWith(StorageDialect.SqlServer)} SELECT p.id FROM people p WHERE {Oversight.OverseenScope(StorageDialect.SqlServer, admin: false, "p", withViewer: false).Condition}"),
        ("Oversight.OverseenScope(not admin, as a set)", $"{Oversight.OverseenWith(StorageDialect.SqlServer)} SELECT p.id FROM people p WHERE {Oversight.OverseenScope(StorageDialect.SqlServer, admin: false, "p", withViewer: false, asSet: true).Condition}"),
        ("InboxStore.PageSql(every filter)", InboxStore.PageSql(StorageDialect.SqlServer, InboxStore.Scope(process: true, cycle: true), InboxStore.Matching("open", overdueOnly: true))),
        ("InstanceDesk.OverseenPageSql(overseen, one cycle)", Workflows.InstanceDesk.OverseenPageSql(StorageDialect.SqlServer, Oversight.OverseenWith(StorageDialect.SqlServer), Workflows.InstanceDesk.OverseenWhere(Oversight.OverseenScope(StorageDialect.SqlServer, admin: false, "s", withViewer: false).Condition, inCycle: true))),
        ("InstanceDesk.OverseenWalkSql(overseen, one cycle)", Workflows.InstanceDesk.OverseenWalkSql(StorageDialect.SqlServer, Oversight.OverseenWith(StorageDialect.SqlServer), Workflows.InstanceDesk.OverseenWhere(Oversight.OverseenSubjectScope(StorageDialect.SqlServer, admin: false, "i.subject_id").Condition, inCycle: true, byInstance: true))),
        ("InstanceDesk.OverseenWalkSql(everyone)", Workflows.InstanceDesk.OverseenWalkSql(StorageDialect.SqlServer, "", Workflows.InstanceDesk.OverseenWhere(Oversight.OverseenSubjectScope(StorageDialect.SqlServer, admin: true, "i.subject_id").Condition, inCycle: false, byInstance: true))),
        ("InstanceDesk.OverseenWalkSql(everyone, oldest first)", Workflows.InstanceDesk.OverseenWalkSql(StorageDialect.SqlServer, "", Workflows.InstanceDesk.OverseenWhere(Oversight.OverseenSubjectScope(StorageDialect.SqlServer, admin: true, "i.subject_id").Condition, inCycle: false, byInstance: true), oldestFirst: true)),
        ("InstanceDesk.OverseenCountSql(overseen, one cycle)", Workflows.InstanceDesk.OverseenCountSql(StorageDialect.SqlServer, admin: false, inCycle: true)),
        ("InstanceDesk.OverseenCountSql(everyone)", Workflows.InstanceDesk.OverseenCountSql(StorageDialect.SqlServer, admin: true, inCycle: false)),
        ("InstanceDesk.AllButFewSql(overseen, one cycle)", Workflows.InstanceDesk.AllButFewSql(StorageDialect.SqlServer, admin: false, inCycle: true, oldestFirst: false)),
        ("InstanceDesk.AllButFewSql(everyone, oldest first)", Workflows.InstanceDesk.AllButFewSql(StorageDialect.SqlServer, admin: true, inCycle: false, oldestFirst: true)),
        ("InstanceDesk.InstancesEstimateSql", Workflows.InstanceDesk.InstancesEstimateSql(StorageDialect.SqlServer)),
        ("Oversight.OverseenEstimateSql", Oversight.OverseenEstimateSql(StorageDialect.SqlServer, admin: false)),
        ("Oversight.OverseenEstimateSql(admin)", Oversight.OverseenEstimateSql(StorageDialect.SqlServer, admin: true)),
        ("InboxStore.TallySql", InboxStore.TallySql(InboxStore.Scope(process: true, cycle: false), InboxStore.Matching("done", overdueOnly: false))),
        ("OrganisationStore.DownTheTreeSql(head_id)", OrganisationStore.DownTheTreeSql(StorageDialect.SqlServer, "head_id")),
        ("OrganisationStore.NamingSql(skip-level)", OrganisationStore.NamingSql(StorageDialect.SqlServer, Processes.Assignee.SkipLevel)!),
        ("CycleOperations.AccessRowsSql", CycleOperations.AccessRowsSql(StorageDialect.SqlServer)),
        ("CycleOperations.ListPageSql(watched)", CycleOperations.ListPageSql(StorageDialect.SqlServer, CycleOperations.AccessWith(StorageDialect.SqlServer), $"WHERE {CycleOperations.WatchedSql}")),
        ("ActualsStore.OpenSql", Actuals.ActualsStore.OpenSql(StorageDialect.SqlServer)),
        ("ActualsStore.ScanSql(a page of people)", Actuals.ActualsStore.ScanSql("a.person_id > @After AND a.person_id <= @Last")),
        ("ThresholdSweep.PeoplePageSql", Actuals.ThresholdSweep.PeoplePageSql(StorageDialect.SqlServer)),
    ];
}
