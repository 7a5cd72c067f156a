using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>
/// zh-CN/en texts of the profile check, written for the HR business user who authors forms: they say what is
/// wrong in plain words and what to write instead.
/// </summary>
internal static class ProfileMessages
{
    // Descriptions of expected values, as (zh, en) joined by '|' so Expected can pick either side.
    public const string ObjectOfSchemas = "一个对象，其中每个成员都是字段定义（对象或 true/false）|an object whose members are schemas (objects or true/false)";
    public const string ListOfSchemas = "至少包含一个字段定义的列表|a list of at least one schema";
    public const string ListOfChoices = "至少包含一个选项的列表|a list of at least one allowed value";
    public const string ListOfNames = "由不重复的字段名（文本）组成的列表|a list of distinct field names (text)";
    public const string TypeList = "类型名，或由不重复的类型名组成的列表|a type name or a list of distinct type names";
    public const string Number = "一个数字|a number";
    public const string PositiveNumber = "大于 0 的数字|a number greater than 0";
    public const string Count = "0 或正整数|a whole number, 0 or more";
    public const string Text = "文本|text";
    public const string TrueOrFalse = "true 或 false|true or false";

    public static LocalizedText Expected(string keyword, string expected, JToken actual)
    {
        string[] sides = expected.Split('|');
        string shown = Show(actual);
        return new(
            $"「{keyword}」的值必须是{sides[0]}，当前值为 {shown}。",
            $"\"{keyword}\" must be {sides[1]}; found {shown}.");
    }

    public static LocalizedText NotASchema(JToken actual)
    {
        string shown = Show(actual);
        return new(
            $"此处必须是字段定义（JSON 对象，或 true/false），当前值为 {shown}。",
            $"A schema must be a JSON object (or true/false); found {shown}.");
    }

    public static LocalizedText SchemaUri(JToken actual)
    {
        string shown = Show(actual);
        return new(
            $"「$schema」只能是 \"http://json-schema.org/draft-07/schema#\"（FormFlow 使用 draft-07），当前值为 {shown}。",
            $"\"$schema\" must be \"http://json-schema.org/draft-07/schema#\" (FormFlow uses draft-07); found {shown}.");
    }

    public static LocalizedText Duplicate(string keyword, string value) => new(
        $"「{keyword}」中的 \"{value}\" 重复出现，请删除重复项。",
        $"\"{value}\" appears more than once in \"{keyword}\"; remove the duplicate.");

    public static LocalizedText UnknownType(string name, string? suggestion)
    {
        const string ZhTypes = "string（文本）、number（数字）、integer（整数）、boolean（是/否）、object（一组字段）、array（列表）、null（空）";
        const string EnTypes = "string, number, integer, boolean, object, array, null";
        return suggestion is null
            ? new($"「{name}」不是有效的类型。可用的类型：{ZhTypes}。", $"\"{name}\" is not a type. Use one of: {EnTypes}.")
            : new(
                $"「{name}」不是有效的类型，您是否想写「{suggestion}」？可用的类型：{ZhTypes}。",
                $"\"{name}\" is not a type; did you mean \"{suggestion}\"? Use one of: {EnTypes}.");
    }

    public static LocalizedText NumberTooLarge() => new(
        "这个数字超出了 FormFlow 能处理的范围（绝对值最大约 1.8e308），请改用较小的数字。",
        "This number is too large for FormFlow (numbers go up to about ±1.8e308); use a smaller one.");

    public static LocalizedText InvalidPattern(string pattern, PatternRefusal refusal) => new(
        $"「pattern」的正则表达式 {pattern} 在第 {refusal.Position + 1} 个字符处无法使用：{refusal.Reason.ZhCn}。FormFlow 的正则表达式是浏览器（ECMAScript）的写法，见 docs/schema-profile.md。",
        $"The regular expression {pattern} in \"pattern\" cannot be used at character {refusal.Position + 1}: {refusal.Reason.En}. FormFlow patterns are written as in the browser (ECMAScript); see docs/schema-profile.md.");

    public static LocalizedText RefSibling(string keyword) => new(
        $"「{keyword}」与「$ref」写在同一处：按 draft-07 服务器会忽略它，浏览器却会执行它。请把两者分别放进「allOf」，如 \"allOf\": [{{\"$ref\": …}}, {{\"{keyword}\": …}}]。",
        $"\"{keyword}\" stands beside \"$ref\": under draft-07 the server ignores it while the browser applies it. Put each in \"allOf\": \"allOf\": [{{\"$ref\": …}}, {{\"{keyword}\": …}}].");

    public static LocalizedText UnsupportedFormat(string format) => new(
        $"FormFlow 表单不支持格式「{format}」。支持的格式：date（日期）、date-time（日期时间）、email（电子邮箱）、uri（网址）。其他格式请改用「pattern」（正则表达式）。",
        $"The format \"{format}\" is not supported in FormFlow forms. Supported formats: date, date-time, email, uri. For anything else, use \"pattern\" with a regular expression.");

    public static LocalizedText RemoteRef(string target) => new(
        $"「$ref」只能指向本表单结构内部（例如 \"#/definitions/address\"），而 \"{target}\" 指向了其他文档。请把该定义复制到「definitions」中，再用本地的「$ref」引用它。",
        $"\"$ref\" can only point inside this form's schema (for example \"#/definitions/address\"), but \"{target}\" points to another document. Copy the definition into \"definitions\" and reference it locally.");

    public static LocalizedText UnresolvedRef(string target) => new(
        $"「$ref」指向 \"{target}\"，但那里没有字段定义。请检查路径（例如 \"#/definitions/address\"）。",
        $"\"$ref\" points to \"{target}\", but there is no schema there. Check the path (for example \"#/definitions/address\").");

    public static LocalizedText EndlessRef(string target) => new(
        $"「$ref」\"{target}\" 只指向其他引用，形成了循环，永远到达不了实际的字段定义。",
        $"\"$ref\" \"{target}\" only leads to other references in a loop and never reaches an actual schema.");

    public static LocalizedText Unsupported(string keyword, string? suggestion) => keyword switch
    {
        "anyOf" or "oneOf" => new(
            $"FormFlow 表单不支持「{keyword}」。固定选项请用「enum」，按条件变化的要求请用 if/then/else，更复杂的校验请写 FormFlow 规则。",
            $"\"{keyword}\" is not supported in FormFlow forms. Use \"enum\" for a fixed list of choices, if/then/else for requirements that depend on another answer, or a FormFlow rule for anything more complex."),
        "not" or "contains" or "minProperties" or "maxProperties" or "propertyNames" => new(
            $"FormFlow 表单不支持「{keyword}」。请改写为 FormFlow 规则（规则可以用表达式检查整张表单）。",
            $"\"{keyword}\" is not supported in FormFlow forms. Write a FormFlow rule instead (rules check the whole form with an expression)."),
        "dependencies" => new(
            "FormFlow 表单不支持「dependencies」。请改用 if/then/else 配合「required」：if 判断某字段已填写，then 列出随之必填的字段。",
            "\"dependencies\" is not supported in FormFlow forms. Use if/then/else with \"required\": \"if\" tests that a field is filled in, \"then\" lists the fields that become required."),
        "patternProperties" => new(
            "FormFlow 表单不支持「patternProperties」。请在「properties」中逐个列出字段（需要时配合「additionalProperties」）。",
            "\"patternProperties\" is not supported in FormFlow forms. List each field under \"properties\" (with \"additionalProperties\" if needed)."),
        "$id" or "id" => new(
            $"FormFlow 表单不支持「{keyword}」。请把可复用的部分放在「definitions」中，并用本地「$ref」（例如 \"#/definitions/address\"）引用。",
            $"\"{keyword}\" is not supported in FormFlow forms. Put reusable parts under \"definitions\" and reference them with a local \"$ref\" such as \"#/definitions/address\"."),
        "contentMediaType" or "contentEncoding" => new(
            $"FormFlow 表单不支持「{keyword}」。请改用普通的文本字段（\"type\": \"string\"）。",
            $"\"{keyword}\" is not supported in FormFlow forms. Use a plain text field (\"type\": \"string\") instead."),
        _ when suggestion is not null => new(
            $"「{keyword}」不是 FormFlow 表单支持的 JSON Schema 关键字。您是否想写「{suggestion}」？",
            $"\"{keyword}\" is not a JSON Schema keyword of the FormFlow schema profile. Did you mean \"{suggestion}\"?"),
        _ => new(
            $"「{keyword}」不是 FormFlow 表单支持的 JSON Schema 关键字。请删除它，或查阅表单结构说明中支持的关键字。",
            $"\"{keyword}\" is not a JSON Schema keyword of the FormFlow schema profile. Remove it, or see the schema profile documentation for the supported keywords."),
    };

    private static string Show(JToken value)
    {
        string text = value.ToString(Formatting.None);
        return text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text;
    }
}
