using System.Globalization;
using System.Text;
using FormFlow.Text;

namespace FormFlow.Schema;

/// <summary>
/// FormFlow's dialect of <c>pattern</c>: ECMAScript regular expressions with the <c>u</c> flag, as the browser's AJV
/// compiles them (<c>new RegExp(pattern, "u")</c>), restricted to the constructs whose meaning the server can
/// reproduce exactly. A pattern is parsed once and translated into a .NET pattern with the same meaning: <c>\d</c> is
/// <c>[0-9]</c> (not Unicode digits), <c>\w</c> ASCII, <c>\s</c> ECMAScript's white space, <c>$</c> the very end (not
/// before a final newline), <c>.</c> and negated classes one code point (an emoji is one character). Anything else is
/// refused with the reason and the position, so what is published means the same in the browser and on the server.
/// </summary>
internal sealed class PatternDialect
{
    /// <summary>The largest count a quantifier may name (<c>{0,100000}</c>); beyond it .NET and browsers differ in what they accept.</summary>
    public const int MaxCount = 100_000;

    private const string AnyPair = @"[\uD800-\uDBFF][\uDC00-\uDFFF]";
    private const string Word = "A-Za-z0-9_";
    private const string Digit = "0-9";

    // ECMAScript's WhiteSpace and LineTerminator: TAB, VT, FF, SP, NBSP, ZWNBSP, the other Zs, LF, CR, LS, PS.
    private const string Space = @"\t\n\u000B\f\r\u0020\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";
    private const string Surrogates = @"\uD800-\uDFFF";

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string source;
    private readonly StringBuilder output = new();
    private int at;

    private PatternDialect(string source)
    {
        this.source = source;
    }

    /// <summary>Whether <paramref name="pattern"/> is a pattern of the dialect: its .NET translation, or why it is not one.</summary>
    public static bool TryTranslate(string pattern, out string translated, out PatternRefusal? refusal)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var dialect = new PatternDialect(pattern);
        try
        {
            dialect.Disjunction();
            if (dialect.at < pattern.Length)
            {
                // Only an unmatched ")" stops a disjunction before the end.
                throw Syntax(dialect.at, "多出的右括号「)」", "an unmatched \")\"");
            }

            translated = dialect.output.ToString();
            refusal = null;
            return true;
        }
        catch (RefusedException refused)
        {
            translated = string.Empty;
            refusal = refused.Refusal;
            return false;
        }
    }

    /// <summary>The .NET translation of a pattern that passed the profile check.</summary>
    public static string Translate(string pattern) => TryTranslate(pattern, out string translated, out PatternRefusal? refusal)
        ? translated
        : throw new InvalidOperationException($"The pattern {pattern} passed the profile check but is outside the dialect: {refusal!.Reason.En}");

    private bool AtEnd => at >= source.Length;

    private char Current => source[at];

    private void Disjunction()
    {
        Alternative();
        while (!AtEnd && Current == '|')
        {
            at++;
            output.Append('|');
            Alternative();
        }
    }

    private void Alternative()
    {
        while (!AtEnd && Current != '|' && Current != ')')
        {
            Term();
        }
    }

    private void Term()
    {
        char c = Current;
        bool quantifiable = true;
        switch (c)
        {
            case '^':
                at++;
                output.Append('^');
                quantifiable = false;
                break;
            case '$':
                at++;

                // ECMAScript's $ (without the m flag) is the end of the text; .NET's also matches before a final newline.
                output.Append(@"\z");
                quantifiable = false;
                break;
            case '(':
                quantifiable = Group();
                break;
            case '[':
                CharacterClass();
                break;
            case '.':
                at++;
                output.Append("(?:").Append(AnyPair).Append("|[^\\n\\r\\u2028\\u2029").Append(Surrogates).Append("])");
                break;
            case '\\':
                quantifiable = AtomEscape();
                break;
            case '*' or '+' or '?':
                throw Syntax(at, $"「{c}」前面没有可以重复的内容", $"\"{c}\" has nothing before it to repeat");
            case '{':
                throw Syntax(at, "「{」只能用在 {n}、{n,}、{n,m} 这样的次数里；要匹配「{」本身请写 \\{", "\"{\" only starts a count such as {n}, {n,} or {n,m}; write \\{ for the character itself");
            case '}' or ']':
                throw Syntax(at, $"单独的「{c}」：要匹配它本身请写 \\{c}", $"a lone \"{c}\": write \\{c} for the character itself");
            default:
                Literal(ReadCodePoint());
                break;
        }

        if (!AtEnd && IsQuantifierStart())
        {
            if (!quantifiable)
            {
                throw Syntax(at, "锚点和断言（^、$、\\b、(?=…) 等）后面不能加重复次数", "an anchor or assertion (^, $, \\b, (?=…), …) cannot be repeated");
            }

            Quantifier();
        }
    }

    private bool IsQuantifierStart() => Current is '*' or '+' or '?' || (Current == '{' && IsCount(at));

    private bool IsCount(int position)
    {
        int i = position + 1;
        int digits = 0;
        while (i < source.Length && char.IsAsciiDigit(source[i]))
        {
            i++;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < source.Length && source[i] == ',')
        {
            i++;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        return i < source.Length && source[i] == '}';
    }

    private void Quantifier()
    {
        if (Current == '{')
        {
            int open = at;
            at++;
            int min = Count(open);
            int? max = min;
            if (Current == ',')
            {
                at++;
                max = char.IsAsciiDigit(Current) ? Count(open) : null;
            }

            at++; // "}"
            if (max < min)
            {
                throw Syntax(open, "次数 {n,m} 中 n 大于 m", "a count {n,m} whose n is larger than its m");
            }

            output.Append('{').Append(min.ToString(CultureInfo.InvariantCulture));
            if (max != min)
            {
                output.Append(',').Append(max?.ToString(CultureInfo.InvariantCulture));
            }

            output.Append('}');
        }
        else
        {
            output.Append(Current);
            at++;
        }

        if (!AtEnd && Current == '?')
        {
            output.Append('?');
            at++;
        }
    }

    private int Count(int open)
    {
        int start = at;
        while (char.IsAsciiDigit(Current))
        {
            at++;
        }

        if (!int.TryParse(source.AsSpan(start, at - start), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count > MaxCount)
        {
            throw Dialect(open, $"重复次数最多写到 {MaxCount}", $"a count may be at most {MaxCount:N0}");
        }

        return count;
    }

    // Returns whether the group may be quantified: groups may, lookarounds may not (an error with the u flag).
    private bool Group()
    {
        int open = at;
        at++;
        bool quantifiable = true;
        if (!AtEnd && Current == '?')
        {
            string rest = source[at..];
            string? kind = rest.StartsWith("?:", StringComparison.Ordinal) ? "?:"
                : rest.StartsWith("?=", StringComparison.Ordinal) ? "?="
                : rest.StartsWith("?!", StringComparison.Ordinal) ? "?!"
                : rest.StartsWith("?<=", StringComparison.Ordinal) ? "?<="
                : rest.StartsWith("?<!", StringComparison.Ordinal) ? "?<!"
                : null;
            if (kind is null)
            {
                throw rest.StartsWith("?<", StringComparison.Ordinal)
                    ? Dialect(open, "不支持命名分组 (?<名字>…)：请写 (…) 或 (?:…)", "named groups (?<name>…) are not supported: write (…) or (?:…)")
                    : Dialect(open, "不支持这种分组写法（如 (?i)、(?>…)、(?#…) 是 .NET 的写法）：只能用 (…)、(?:…)、(?=…)、(?!…)、(?<=…)、(?<!…)", "this kind of group is not supported ((?i), (?>…), (?#…) are .NET's): use (…), (?:…), (?=…), (?!…), (?<=…) or (?<!…)");
            }

            at += kind.Length;
            output.Append('(').Append(kind);
            quantifiable = kind == "?:";
        }
        else
        {
            output.Append('(');
        }

        Disjunction();
        if (AtEnd)
        {
            throw Syntax(open, "左括号「(」没有闭合", "a \"(\" is never closed");
        }

        at++; // ")"
        output.Append(')');
        return quantifiable;
    }

    // Returns whether the escape may be quantified (\b and \B may not).
    private bool AtomEscape()
    {
        int start = at;
        at++;
        if (AtEnd)
        {
            throw Syntax(start, "表达式以单独的反斜杠「\\」结尾", "the pattern ends with a lone backslash");
        }

        char c = Current;
        switch (c)
        {
            case 'b':
                at++;
                output.Append($"(?:(?<=[{Word}])(?![{Word}])|(?<![{Word}])(?=[{Word}]))");
                return false;
            case 'B':
                at++;
                output.Append($"(?:(?<=[{Word}])(?=[{Word}])|(?<![{Word}])(?![{Word}]))");
                return false;
            case 'd':
                at++;
                output.Append('[').Append(Digit).Append(']');
                return true;
            case 'w':
                at++;
                output.Append('[').Append(Word).Append(']');
                return true;
            case 's':
                at++;
                output.Append('[').Append(Space).Append(']');
                return true;
            case 'D':
                at++;
                Negated(Digit);
                return true;
            case 'W':
                at++;
                Negated(Word);
                return true;
            case 'S':
                at++;
                Negated(Space);
                return true;
            default:
                Literal(CharacterEscape(start, inClass: false));
                return true;
        }
    }

    // A negated set matches one code point, as with the u flag: a pair of surrogates is one character outside the set.
    private void Negated(string set) => output.Append("(?:").Append(AnyPair).Append("|[^").Append(set).Append(Surrogates).Append("])");

    // The code point an escape stands for (the backslash at start, "at" just after it).
    private int CharacterEscape(int start, bool inClass)
    {
        char c = Current;
        at++;
        switch (c)
        {
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'v':
                return '\v';
            case 'f':
                return '\f';
            case 'r':
                return '\r';
            case 'b' when inClass:
                return '\b';
            case '-' when inClass:
                return '-';
            case 'c':
                if (!AtEnd && char.IsAsciiLetter(Current))
                {
                    return source[at++] % 32;
                }

                throw Syntax(start, "\\c 后面必须是一个英文字母", "\\c must be followed by a letter");
            case '0':
                if (!AtEnd && char.IsAsciiDigit(Current))
                {
                    throw Dialect(start, "不支持八进制转义：请写 \\xHH 或 \\uHHHH", "octal escapes are not supported: write \\xHH or \\uHHHH");
                }

                return 0;
            case >= '1' and <= '9':
                throw Dialect(start, "不支持反向引用（\\1 等）", "back references (\\1, …) are not supported");
            case 'k':
                throw Dialect(start, "不支持命名反向引用 \\k<名字>", "named back references \\k<name> are not supported");
            case 'x':
                return Hex(start, 2);
            case 'u':
                return UnicodeEscape(start);
            case 'p' or 'P':
                throw Dialect(start, "不支持 Unicode 属性 \\p{…}/\\P{…}（浏览器与服务器的 Unicode 版本不同）：请写出字符范围，如 [\\u4e00-\\u9fff]", "Unicode properties \\p{…}/\\P{…} are not supported (browsers and the server know different Unicode versions): write the ranges, e.g. [\\u4e00-\\u9fff]");
            case '^' or '$' or '\\' or '.' or '*' or '+' or '?' or '(' or ')' or '[' or ']' or '{' or '}' or '|' or '/':
                return c;
            default:
                throw Dialect(start, $"「\\{c}」不是 ECMAScript（浏览器）正则表达式的转义{(c == '-' ? "：在方括号外请直接写「-」" : string.Empty)}", $"\"\\{c}\" is not an escape of ECMAScript (browser) regular expressions{(c == '-' ? ": outside brackets write \"-\"" : string.Empty)}");
        }
    }

    private int UnicodeEscape(int start)
    {
        if (!AtEnd && Current == '{')
        {
            int close = source.IndexOf('}', at);
            if (close < 0 || close == at + 1 || !int.TryParse(source.AsSpan(at + 1, close - at - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value) || value > 0x10FFFF)
            {
                throw Syntax(start, "\\u{…} 中须是不超过 10FFFF 的十六进制数", "\\u{…} must hold a hexadecimal number up to 10FFFF");
            }

            at = close + 1;
            return NotSurrogate(start, value);
        }

        int unit = Hex(start, 4);
        if (char.IsHighSurrogate((char)unit) && at + 6 <= source.Length && source[at] == '\\' && source[at + 1] == 'u'
            && int.TryParse(source.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int low) && char.IsLowSurrogate((char)low))
        {
            // With the u flag, an escaped surrogate pair is the one character it encodes.
            at += 6;
            return char.ConvertToUtf32((char)unit, (char)low);
        }

        return NotSurrogate(start, unit);
    }

    private static int NotSurrogate(int start, int codePoint) => codePoint is >= 0xD800 and <= 0xDFFF
        ? throw Dialect(start, "单独的代理项（\\uD800–\\uDFFF）不是字符，提交的文字中也不会出现", "a lone surrogate (\\uD800–\\uDFFF) is not a character, and submitted text never holds one")
        : codePoint;

    private int Hex(int start, int digits)
    {
        if (at + digits > source.Length || !int.TryParse(source.AsSpan(at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
            || source.AsSpan(at, digits).ContainsAnyExcept(HexDigits))
        {
            throw Syntax(start, $"\\{source[start + 1]} 后面须是 {digits} 位十六进制数", $"\\{source[start + 1]} must be followed by {digits} hexadecimal digits");
        }

        at += digits;
        return value;
    }

    private int ReadCodePoint()
    {
        int start = at;
        char c = Current;
        if (char.IsHighSurrogate(c) && at + 1 < source.Length && char.IsLowSurrogate(source[at + 1]))
        {
            at += 2;
            return char.ConvertToUtf32(c, source[at - 1]);
        }

        at++;
        return NotSurrogate(start, c);
    }

    private void Literal(int codePoint)
    {
        if (codePoint > 0xFFFF)
        {
            // One character of two UTF-16 units: grouped, so that a quantifier repeats the whole character.
            string pair = char.ConvertFromUtf32(codePoint);
            output.Append("(?:").Append(Unit(pair[0])).Append(Unit(pair[1])).Append(')');
            return;
        }

        output.Append(Unit((char)codePoint));
    }

    private static string Unit(char c) => char.IsAsciiLetterOrDigit(c) ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");

    private void CharacterClass()
    {
        int open = at;
        at++;
        bool negated = !AtEnd && Current == '^';
        if (negated)
        {
            at++;
        }

        var set = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Syntax(open, "左方括号「[」没有闭合", "a \"[\" is never closed");
            }

            if (Current == ']')
            {
                at++;
                break;
            }

            (int? low, string? escape) = ClassAtom();
            if (!AtEnd && Current == '-' && at + 1 < source.Length && source[at + 1] != ']')
            {
                int dash = at;
                at++;
                (int? high, string? highEscape) = ClassAtom();
                if (low is null || high is null)
                {
                    throw Syntax(dash, $"字符范围的两端必须是单个字符，不能是 {escape ?? highEscape}", $"both ends of a range must be single characters, not {escape ?? highEscape}");
                }

                if (high < low)
                {
                    throw Syntax(dash, "字符范围的起点大于终点", "a range whose start is above its end");
                }

                set.Append(Unit((char)low.Value)).Append('-').Append(Unit((char)high.Value));
                continue;
            }

            if (low is { } single)
            {
                set.Append(Unit((char)single));
            }
            else
            {
                set.Append(escape switch
                {
                    @"\d" => Digit,
                    @"\w" => Word,
                    _ => Space,
                });
            }
        }

        if (negated)
        {
            output.Append("(?:").Append(AnyPair).Append("|[^").Append(set).Append(Surrogates).Append("])");
        }
        else
        {
            // An empty class matches nothing, as in ECMAScript (in .NET "[]" would open a class holding "]").
            output.Append(set.Length == 0 ? "(?!)" : $"[{set}]");
        }
    }

    // A single character of a class (as a code point), or one of \d, \w, \s.
    private (int? CodePoint, string? Escape) ClassAtom()
    {
        int start = at;
        char c = Current;
        if (c == '\\')
        {
            at++;
            if (AtEnd)
            {
                throw Syntax(start, "表达式以单独的反斜杠「\\」结尾", "the pattern ends with a lone backslash");
            }

            char e = Current;
            if (e is 'd' or 'w' or 's')
            {
                at++;
                return (null, $"\\{e}");
            }

            if (e is 'D' or 'W' or 'S')
            {
                throw Dialect(start, $"方括号内不支持 \\{e}：请把它写在方括号外，或用 [^…] 列出不允许的字符", $"\\{e} is not supported inside brackets: use it outside them, or list what is not allowed in [^…]");
            }

            return (BmpInClass(start, CharacterEscape(start, inClass: true)), null);
        }

        if (c == '[')
        {
            throw Dialect(start, "方括号内的「[」请写成 \\[（.NET 会把 [a-z-[aeiou]] 当作集合相减）", "write \\[ for a \"[\" inside brackets (.NET reads [a-z-[aeiou]] as a subtraction)");
        }

        return (BmpInClass(start, ReadCodePoint()), null);
    }

    private static int BmpInClass(int start, int codePoint) => codePoint > 0xFFFF
        ? throw Dialect(start, "方括号内不支持 emoji 等补充平面字符：请把它写在方括号外，如 (?:👍|👎)", "characters beyond the Basic Multilingual Plane (emoji, …) are not supported inside brackets: use an alternation such as (?:👍|👎)")
        : codePoint;

    private static RefusedException Syntax(int position, string zh, string en) => new(new PatternRefusal(position, false, new LocalizedText(zh, en)));

    private static RefusedException Dialect(int position, string zh, string en) => new(new PatternRefusal(position, true, new LocalizedText(zh, en)));

    private sealed class RefusedException(PatternRefusal refusal) : Exception(refusal.Reason.En)
    {
        public PatternRefusal Refusal { get; } = refusal;
    }
}

/// <summary>
/// Why a pattern is refused and where (the index of the offending character). <see cref="OutsideDialect"/> is true for
/// a construct the dialect leaves out (a back reference, <c>\p{…}</c>, .NET-only syntax), false for a pattern that is
/// no regular expression in ECMAScript at all (an unclosed group, nothing to repeat).
/// </summary>
internal sealed record PatternRefusal(int Position, bool OutsideDialect, LocalizedText Reason);
