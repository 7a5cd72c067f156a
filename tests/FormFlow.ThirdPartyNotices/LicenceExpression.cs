namespace FormFlow.ThirdPartyNotices;

/// <summary>
/// Whether an SPDX licence expression lets FormFlow use the package under one of the allowed licences:
/// <c>A OR B</c> needs one of them, <c>A AND B</c> both, <c>A WITH exception</c> needs A (an exception only adds
/// permissions). Anything that is not a well-formed expression is not allowed.
/// </summary>
internal static class LicenceExpression
{
    public static bool IsAllowed(string? expression, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var tokens = Tokenize(expression);
        int position = 0;
        bool? result = ParseOr(tokens, ref position, allowed);
        return result == true && position == tokens.Count;
    }

    private static List<string> Tokenize(string expression)
    {
        var tokens = new List<string>();
        foreach (string word in expression.Replace("(", " ( ", StringComparison.Ordinal).Replace(")", " ) ", StringComparison.Ordinal)
                     .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            tokens.Add(word);
        }

        return tokens;
    }

    // null: not a well-formed expression.
    private static bool? ParseOr(List<string> tokens, ref int position, IReadOnlySet<string> allowed)
    {
        bool? result = ParseAnd(tokens, ref position, allowed);
        while (result is not null && position < tokens.Count && IsOperator(tokens[position], "OR"))
        {
            position++;
            bool? right = ParseAnd(tokens, ref position, allowed);
            result = right is null ? null : result.Value || right.Value;
        }

        return result;
    }

    private static bool? ParseAnd(List<string> tokens, ref int position, IReadOnlySet<string> allowed)
    {
        bool? result = ParseTerm(tokens, ref position, allowed);
        while (result is not null && position < tokens.Count && IsOperator(tokens[position], "AND"))
        {
            position++;
            bool? right = ParseTerm(tokens, ref position, allowed);
            result = right is null ? null : result.Value && right.Value;
        }

        return result;
    }

    private static bool? ParseTerm(List<string> tokens, ref int position, IReadOnlySet<string> allowed)
    {
        if (position >= tokens.Count)
        {
            return null;
        }

        string token = tokens[position++];
        bool? result;
        if (token == "(")
        {
            result = ParseOr(tokens, ref position, allowed);
            if (position >= tokens.Count || tokens[position++] != ")")
            {
                return null;
            }
        }
        else if (token == ")" || IsOperator(token, "AND") || IsOperator(token, "OR") || IsOperator(token, "WITH"))
        {
            return null;
        }
        else
        {
            // "Apache-2.0+" means that version or any later one; the named version is what is checked.
            result = allowed.Contains(token.TrimEnd('+'));
        }

        if (position < tokens.Count && IsOperator(tokens[position], "WITH"))
        {
            position += 2;
            if (position > tokens.Count)
            {
                return null;
            }
        }

        return result;
    }

    private static bool IsOperator(string token, string name) => string.Equals(token, name, StringComparison.OrdinalIgnoreCase);
}
