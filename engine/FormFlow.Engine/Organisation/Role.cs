namespace FormFlow.Organisation;

/// <summary>What a person may do in FormFlow. A person without a role in the file is an employee.</summary>
public static class Role
{
    public const string Admin = "admin";
    public const string Hrbp = "hrbp";
    public const string Manager = "manager";
    public const string Employee = "employee";

    public static IReadOnlyList<string> All { get; } = [Admin, Hrbp, Manager, Employee];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
