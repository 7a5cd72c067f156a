namespace FormFlow.Text;

/// <summary>A text a person reads, in every language FormFlow ships: zh-CN first, then en.</summary>
public sealed record LocalizedText(string ZhCn, string En)
{
    /// <summary>The text for a locale name such as <c>zh-CN</c>, <c>zh</c>, <c>en-US</c>; Chinese is the default.</summary>
    public string For(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : ZhCn;

    public override string ToString() => $"{ZhCn} / {En}";
}
