using System.Globalization;
using FormFlow.Text;

namespace FormFlow.Schema;

/// <summary>
/// The zh-CN/en texts of validation problems, written for the employee or manager filling in a form:
/// they name the field and state the limit, never the schema keyword.
/// </summary>
internal static class ProblemMessages
{
    public static LocalizedText Type(Subject s, JsonTypes expected)
    {
        var zh = new List<string>();
        var en = new List<string>();
        foreach ((JsonTypes type, string zhName, string enName) in TypeNames)
        {
            // "integer" is implied when "number" is allowed too.
            if ((expected & type) != 0 && !(type == JsonTypes.Integer && (expected & JsonTypes.Number) != 0))
            {
                zh.Add(zhName);
                en.Add(enName);
            }
        }

        return new($"{s.ZhCn}必须是{string.Join("或", zh)}", $"{s.En} must be {string.Join(" or ", en)}");
    }

    public static LocalizedText Required(Subject s) => new($"{s.ZhCn}为必填项", $"{s.En} is required");

    public static LocalizedText Enum(Subject s, string values) =>
        new($"{s.ZhCn}必须是以下值之一：{values}", $"{s.En} must be one of: {values}");

    public static LocalizedText Const(Subject s, string value) => new($"{s.ZhCn}必须等于 {value}", $"{s.En} must be exactly {value}");

    public static LocalizedText Minimum(Subject s, string limit) => new($"{s.ZhCn}不能小于 {limit}", $"{s.En} must be at least {limit}");

    public static LocalizedText Maximum(Subject s, string limit) => new($"{s.ZhCn}不能大于 {limit}", $"{s.En} must be at most {limit}");

    public static LocalizedText ExclusiveMinimum(Subject s, string limit) =>
        new($"{s.ZhCn}必须大于 {limit}", $"{s.En} must be greater than {limit}");

    public static LocalizedText ExclusiveMaximum(Subject s, string limit) =>
        new($"{s.ZhCn}必须小于 {limit}", $"{s.En} must be less than {limit}");

    public static LocalizedText MultipleOf(Subject s, string step) =>
        new($"{s.ZhCn}必须是 {step} 的整数倍", $"{s.En} must be a multiple of {step}");

    public static LocalizedText MinLength(Subject s, int limit) => limit == 1
        ? new($"{s.ZhCn}不能为空", $"{s.En} must not be empty")
        : new(Invariant($"{s.ZhCn}至少需要 {limit} 个字符"), Invariant($"{s.En} must be at least {limit} characters long"));

    public static LocalizedText MaxLength(Subject s, int limit) =>
        new(Invariant($"{s.ZhCn}最多只能有 {limit} 个字符"), Invariant($"{s.En} must be at most {limit} characters long"));

    public static LocalizedText Pattern(Subject s, string pattern) =>
        new($"{s.ZhCn}的格式不正确（应符合规则 {pattern}）", $"{s.En} is not in the required format (pattern {pattern})");

    public static LocalizedText Format(Subject s, StringFormat format) => format switch
    {
        StringFormat.Date => new($"{s.ZhCn}必须是日期，例如 2024-03-31", $"{s.En} must be a date such as 2024-03-31"),
        StringFormat.DateTime => new(
            $"{s.ZhCn}必须是日期和时间，例如 2024-03-31T09:30:00+08:00",
            $"{s.En} must be a date and time such as 2024-03-31T09:30:00+08:00"),
        StringFormat.Email => new($"{s.ZhCn}必须是电子邮箱地址，例如 name@example.com", $"{s.En} must be an email address such as name@example.com"),
        _ => new($"{s.ZhCn}必须是完整的网址，例如 https://example.com/page", $"{s.En} must be a full web address such as https://example.com/page"),
    };

    public static LocalizedText MinItems(Subject s, int limit) =>
        new(Invariant($"{s.ZhCn}至少需要 {limit} 项"), Invariant($"{s.En} must have at least {limit} items"));

    public static LocalizedText MaxItems(Subject s, int limit) =>
        new(Invariant($"{s.ZhCn}最多只能有 {limit} 项"), Invariant($"{s.En} must have at most {limit} items"));

    public static LocalizedText UniqueItems(Subject s, int first, int second) => new(
        Invariant($"{s.ZhCn}不能包含重复项（第 {first + 1} 项与第 {second + 1} 项相同）"),
        Invariant($"{s.En} must not contain duplicates (items {first + 1} and {second + 1} are the same)"));

    public static LocalizedText AdditionalProperties(Subject s) =>
        new($"{s.ZhCn}不是此表单中的字段", $"{s.En} is not a field of this form");

    public static LocalizedText AdditionalItems(Subject s, int limit) => new(
        Invariant($"{s.ZhCn}是多余的：此列表最多只能有 {limit} 项"),
        Invariant($"{s.En} is one item too many: this list allows at most {limit} items"));

    public static LocalizedText False(Subject s) => new($"{s.ZhCn}不允许填写", $"{s.En} is not allowed here");

    private static readonly (JsonTypes Type, string ZhCn, string En)[] TypeNames =
    [
        (JsonTypes.String, "文本", "text"),
        (JsonTypes.Number, "数字", "a number"),
        (JsonTypes.Integer, "整数", "a whole number"),
        (JsonTypes.Boolean, "是/否", "yes/no (true or false)"),
        (JsonTypes.Object, "一组字段", "a group of fields"),
        (JsonTypes.Array, "列表", "a list"),
        (JsonTypes.Null, "空值", "empty (null)"),
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
