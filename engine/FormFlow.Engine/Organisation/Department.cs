using FormFlow.Text;

namespace FormFlow.Organisation;

/// <summary>A department: a node of the department tree, with its head and its HRBP (both people ids).</summary>
internal sealed record Department
{
    public required string Id { get; init; }

    public required string NameZh { get; init; }

    public required string NameEn { get; init; }

    public string? ParentId { get; init; }

    public string? HeadId { get; init; }

    public string? HrbpId { get; init; }

    public LocalizedText Name => new(NameZh, NameEn);
}
