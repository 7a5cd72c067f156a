namespace FormFlow.Organisation;

/// <summary>One data row of the organisation file, its cells checked one by one; empty optional cells are null.</summary>
internal sealed record PersonRow
{
    public required int Number { get; init; }

    public required string Id { get; init; }

    public required string NameZh { get; init; }

    public string? NameEn { get; init; }

    public required string Email { get; init; }

    public required string Locale { get; init; }

    public required string DepartmentId { get; init; }

    public string? DepartmentNameZh { get; init; }

    public string? DepartmentNameEn { get; init; }

    public string? ParentDepartmentId { get; init; }

    public string? ManagerId { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>The person's level (职级) as the file names it, e.g. P6 or M2.</summary>
    public string? Level { get; init; }

    /// <summary>The day the person joined the company (入职日期), when the file gives it.</summary>
    public DateOnly? HiredOn { get; init; }

    /// <summary>The person's role family (岗位类别), e.g. sales-rep.</summary>
    public string? RoleFamily { get; init; }

    public bool IsDepartmentHead { get; init; }

    public IReadOnlyList<string> HrbpOf { get; init; } = [];
}
