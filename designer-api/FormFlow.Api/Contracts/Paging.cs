using System.Globalization;
using FormFlow.Api.Problems;
using FormFlow.Text;

namespace FormFlow.Api.Contracts;

/// <summary>
/// One page of a list, as every list answers: <c>items</c>, <c>total</c> (how many there are in all), <c>page</c> (from
/// 1) and <c>pageSize</c> (how many a page holds) — the names of the query parameters that ask for it.
/// </summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>
/// What a list takes as <c>page</c> and <c>pageSize</c>: the default and largest page size. Errors name the two
/// parameters by their plain names, <c>page</c> and <c>pageSize</c>, as every query parameter and header is named
/// across the API (JSON Pointers are for body members).
/// </summary>
internal sealed record PagingRules(int DefaultSize, int MaxSize)
{
    /// <summary>Organisation, cycles, authoring: 1 to 200, 50 unless given.</summary>
    public static readonly PagingRules Standard = new(50, 200);

    /// <summary>Tasks and instances (docs/api-tasks.md): 1 to 100, 20 unless given.</summary>
    public static readonly PagingRules Runtime = new(20, 100);
}

/// <summary>The <c>page</c> (from 1) and <c>pageSize</c> query parameters of a list: the one way every list reads them.</summary>
internal readonly record struct Paging(int Page, int PageSize)
{
    /// <summary>The largest page number: beyond it the offset would overflow (and a page that far is empty anyway).</summary>
    public const int MaxPage = 1_000_000;

    public int Offset => (Page - 1) * PageSize;

    /// <summary>The paging a request asks for (by <see cref="PagingRules.Standard"/>), or what is wrong with its parameters (each named).</summary>
    public static (Paging Paging, IReadOnlyList<FieldError> Errors) Read(string? page, string? pageSize) => Read(page, pageSize, PagingRules.Standard);

    /// <summary>The paging a request asks for by <paramref name="rules"/>, or what is wrong with its parameters (each named).</summary>
    public static (Paging Paging, IReadOnlyList<FieldError> Errors) Read(string? page, string? pageSize, PagingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<FieldError>();
        var number = 1;
        var size = rules.DefaultSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > MaxPage))
        {
            errors.Add(new FieldError("page", "paging.page", new LocalizedText(
                string.Create(CultureInfo.InvariantCulture, $"page 须为 1 到 {MaxPage} 的整数。"),
                string.Create(CultureInfo.InvariantCulture, $"page must be a whole number from 1 to {MaxPage}."))));
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > rules.MaxSize))
        {
            errors.Add(new FieldError("pageSize", "paging.page-size", new LocalizedText(
                string.Create(CultureInfo.InvariantCulture, $"pageSize 须为 1 到 {rules.MaxSize} 的整数。"),
                string.Create(CultureInfo.InvariantCulture, $"pageSize must be a whole number from 1 to {rules.MaxSize}."))));
        }

        return (new Paging(number is >= 1 and <= MaxPage ? number : 1, size >= 1 && size <= rules.MaxSize ? size : rules.DefaultSize), errors);
    }

    public ListPage<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, total, Page, PageSize);
}
