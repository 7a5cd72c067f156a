namespace FormFlow.Organisation;

/// <summary>
/// Whether a department lies in the part of the tree a person leads: the departments they are the HRBP (or head) of
/// and every department below them. Who may author and launch a process (<c>ProcessRights</c>) and the departments a
/// person is shown (<see cref="OrganisationDirectory.DepartmentsAsync"/>) ask it alike.
/// </summary>
internal static class DepartmentScope
{
    /// <summary>Whether <paramref name="departmentId"/> or a department above it is one <paramref name="leads"/> holds for; false for an unknown one.</summary>
    public static bool Within(IReadOnlyDictionary<string, Department> departments, string? departmentId, Func<Department, bool> leads)
    {
        for (var (id, depth) = (departmentId, 0); id is not null && depth <= OrganisationStore.MaxDepth; depth++)
        {
            if (!departments.TryGetValue(id, out var department))
            {
                return false;
            }

            if (leads(department))
            {
                return true;
            }

            id = department.ParentId;
        }

        return false;
    }
}
