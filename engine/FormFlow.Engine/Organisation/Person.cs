using FormFlow.Text;

namespace FormFlow.Organisation;

/// <summary>A person of the organisation: who they are, where they sit, who they report to, what they may do.</summary>
internal sealed record Person
{
    public required string Id { get; init; }

    public required string NameZh { get; init; }

    /// <summary>The English name; the Chinese name when the file gives none, so that every reader sees a name.</summary>
    public required string NameEn { get; init; }

    public required string Email { get; init; }

    /// <summary><c>zh-CN</c> or <c>en</c>: the language of the mails and pages this person receives.</summary>
    public required string Locale { get; init; }

    public string? DepartmentId { get; init; }

    public string? ManagerId { get; init; }

    /// <summary>Space-separated <see cref="Role"/> names, as stored.</summary>
    public required string Roles { get; init; }

    /// <summary>The person's level (职级) as the organisation's file names it, e.g. P6 or M2; null when it has none.</summary>
    public string? Level { get; init; }

    /// <summary>The day the person joined the company as <c>yyyy-MM-dd</c> (入职日期), or null when the file gives none.</summary>
    public string? HiredOn { get; init; }

    /// <summary>The person's role family (岗位类别, e.g. <c>sales-rep</c>) as the file names it, or null: what the indicator library proposes by.</summary>
    public string? RoleFamily { get; init; }

    public LocalizedText Name => new(NameZh, NameEn);

    public bool HasRole(string role) => Roles.Split(' ').Contains(role, StringComparer.Ordinal);
}
