using System.Text.Json.Serialization;
using FormFlow.Text;

namespace FormFlow.Api.Contracts;

/// <summary>A text in both languages FormFlow ships, as every API answers it: <c>{"zh-CN": "…", "en": "…"}</c>.</summary>
internal sealed record Texts(
    [property: JsonPropertyName("zh-CN")] string ZhCn,
    [property: JsonPropertyName("en")] string En)
{
    public static Texts From(LocalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text.ZhCn, text.En);
    }
}
