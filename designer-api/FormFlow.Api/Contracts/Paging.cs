using System.Globalization;
using FormFlow.Api.Problems;
using FormFlow.Text;

namespace FormFlow.Api.Contracts;

/// <summary>One page of a list: its items, how many there are in all, which page (from 1) and how many a page holds.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>The <c>page</c> (from 1) and <c>pageSize</c> (1 to 200, 50 unless given) query parameters of a list.</summary>
internal readonly record struct Paging(int PageNumber, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Offset => (PageNumber - 1) * PageSize;

    /// <summary>The paging a request asks for, or what is wrong with its parameters (each named).</summary>
    public static (Paging Paging, IReadOnlyList<FieldError> Errors) Read(string? page, string? pageSize)
    {
        var errors = new List<FieldError>();
        var number = 1;
        var size = DefaultSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 1_000_000))
        {
            errors.Add(new FieldError("/page", "paging.page", new LocalizedText("page 须为从 1 起的整数。", "page must be a whole number from 1.")));
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxSize))
        {
            errors.Add(new FieldError("/pageSize", "paging.page-size", new LocalizedText($"pageSize 须为 1 到 {MaxSize} 的整数。", $"pageSize must be a whole number from 1 to {MaxSize}.")));
        }

        return (new Paging(Math.Max(number, 1), size is >= 1 and <= MaxSize ? size : DefaultSize), errors);
    }

    public Page<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, total, PageNumber, PageSize);
}
