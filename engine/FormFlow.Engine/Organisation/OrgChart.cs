namespace FormFlow.Organisation;

/// <summary>
/// A whole organisation as imported: its departments (a tree) and its people (a tree by manager). Checked on
/// import: every reference resolves and neither tree has a cycle. (Not called "Organisation": that is the namespace.)
/// </summary>
internal sealed record OrgChart(IReadOnlyList<Department> Departments, IReadOnlyList<Person> People);
