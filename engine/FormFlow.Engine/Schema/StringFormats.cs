namespace FormFlow.Schema;

/// <summary>The values of <c>format</c> the profile enforces; every other format is rejected when a template is published.</summary>
internal enum StringFormat
{
    None,
    Date,
    DateTime,
    Email,
    Uri,
}

/// <summary>
/// Hand-written checks for the enforced formats. They follow the RFCs (3339, 5321, 3986) rather than
/// DateTime/MailAddress/System.Uri, which are culture-, platform- or leniency-dependent (System.Uri accepts
/// spaces, backslashes and relative paths; DateTime accepts non-ASCII digits).
/// </summary>
internal static class StringFormats
{
    public static readonly IReadOnlyList<string> Names = ["date", "date-time", "email", "uri"];

    public static StringFormat Parse(string name) => name switch
    {
        "date" => StringFormat.Date,
        "date-time" => StringFormat.DateTime,
        "email" => StringFormat.Email,
        "uri" => StringFormat.Uri,
        _ => StringFormat.None,
    };

    public static bool IsValid(StringFormat format, ReadOnlySpan<char> value) => format switch
    {
        StringFormat.Date => IsDate(value),
        StringFormat.DateTime => IsDateTime(value),
        StringFormat.Email => IsEmail(value),
        StringFormat.Uri => IsUri(value),
        _ => true,
    };

    // RFC 3339 full-date: YYYY-MM-DD with the real number of days in the month.
    public static bool IsDate(ReadOnlySpan<char> s) => s.Length == 10 && IsFullDate(s);

    // RFC 3339 date-time: full-date "T" time-hour ":" time-minute ":" time-second [time-secfrac] time-offset.
    public static bool IsDateTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 20 || !IsFullDate(s[..10]) || (s[10] != 'T' && s[10] != 't'))
        {
            return false;
        }

        ReadOnlySpan<char> t = s[11..];
        if (!TwoDigits(t, 0, out int hour) || t[2] != ':' || !TwoDigits(t, 3, out int minute) || t[5] != ':'
            || !TwoDigits(t, 6, out int second) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        int i = 8;
        if (i < t.Length && t[i] == '.')
        {
            int start = ++i;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= t.Length)
        {
            return false;
        }

        int offsetMinutes;
        ReadOnlySpan<char> offset = t[i..];
        if (offset.Length == 1 && (offset[0] == 'Z' || offset[0] == 'z'))
        {
            offsetMinutes = 0;
        }
        else if (offset.Length == 6 && (offset[0] == '+' || offset[0] == '-') && TwoDigits(offset, 1, out int offsetHour)
            && offset[3] == ':' && TwoDigits(offset, 4, out int offsetMinute) && offsetHour <= 23 && offsetMinute <= 59)
        {
            offsetMinutes = (offset[0] == '+' ? 1 : -1) * ((offsetHour * 60) + offsetMinute);
        }
        else
        {
            return false;
        }

        if (second == 60)
        {
            // A leap second is only ever inserted at 23:59:60 UTC.
            int utcMinute = ((((hour * 60) + minute - offsetMinutes) % 1440) + 1440) % 1440;
            return utcMinute == (23 * 60) + 59;
        }

        return true;
    }

    private static bool IsFullDate(ReadOnlySpan<char> s)
    {
        if (!TwoDigits(s, 0, out int century) || !TwoDigits(s, 2, out int yy) || s[4] != '-'
            || !TwoDigits(s, 5, out int month) || s[7] != '-' || !TwoDigits(s, 8, out int day))
        {
            return false;
        }

        int year = (century * 100) + yy;
        return month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    }

    private static int DaysInMonth(int year, int month)
    {
        bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return month switch
        {
            2 => leap ? 29 : 28,
            4 or 6 or 9 or 11 => 30,
            _ => 31,
        };
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (at + 1 >= s.Length || !char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1]))
        {
            return false;
        }

        value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
        return true;
    }

    // RFC 5321 Mailbox: (Dot-string / Quoted-string) "@" (Domain / address-literal), ASCII only.
    public static bool IsEmail(ReadOnlySpan<char> s)
    {
        int at;
        if (s.Length > 0 && s[0] == '"')
        {
            int i = 1;
            while (i < s.Length && s[i] != '"')
            {
                if (s[i] == '\\')
                {
                    i++;
                    if (i >= s.Length || s[i] < 0x20 || s[i] > 0x7E)
                    {
                        return false;
                    }
                }
                else if (s[i] < 0x20 || s[i] > 0x7E)
                {
                    return false;
                }

                i++;
            }

            if (i >= s.Length || i == 1)
            {
                return false;
            }

            at = i + 1;
            if (at >= s.Length || s[at] != '@')
            {
                return false;
            }
        }
        else
        {
            at = s.IndexOf('@');
            if (at <= 0 || !IsDotAtom(s[..at]))
            {
                return false;
            }
        }

        ReadOnlySpan<char> domain = s[(at + 1)..];
        if (domain.Length > 2 && domain[0] == '[' && domain[^1] == ']')
        {
            ReadOnlySpan<char> literal = domain[1..^1];
            return literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? IsIPv6(literal[5..]) : IsIPv4(literal);
        }

        return IsHostName(domain);
    }

    private static bool IsDotAtom(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || s[0] == '.' || s[^1] == '.')
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '.')
            {
                if (s[i - 1] == '.')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-/=?^_`{|}~".Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostName(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || s.Length > 253)
        {
            return false;
        }

        foreach (Range range in s.Split('.'))
        {
            ReadOnlySpan<char> label = s[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    // RFC 3986 URI (absolute, fragment allowed): scheme ":" hier-part [ "?" query ] [ "#" fragment ].
    public static bool IsUri(ReadOnlySpan<char> s)
    {
        int colon = s.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (char c in s[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        ReadOnlySpan<char> rest = s[(colon + 1)..];
        int hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!AllOf(rest[(hash + 1)..], UriPart.QueryOrFragment))
            {
                return false;
            }

            rest = rest[..hash];
        }

        int question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!AllOf(rest[(question + 1)..], UriPart.QueryOrFragment))
            {
                return false;
            }

            rest = rest[..question];
        }

        if (rest.StartsWith("//"))
        {
            rest = rest[2..];
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> authority = slash >= 0 ? rest[..slash] : rest;
            rest = slash >= 0 ? rest[slash..] : [];
            if (!IsAuthority(authority))
            {
                return false;
            }
        }

        return AllOf(rest, UriPart.Path);
    }

    private enum UriPart
    {
        Path,
        QueryOrFragment,
        UserInfo,
        RegName,
    }

    private static bool AllOf(ReadOnlySpan<char> s, UriPart part)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    return false;
                }

                i += 2;
                continue;
            }

            bool allowed = IsUnreserved(c) || IsSubDelim(c) || part switch
            {
                UriPart.Path => c is ':' or '@' or '/',
                UriPart.QueryOrFragment => c is ':' or '@' or '/' or '?',
                UriPart.UserInfo => c == ':',
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAuthority(ReadOnlySpan<char> authority)
    {
        int at = authority.IndexOf('@');
        if (at >= 0)
        {
            if (!AllOf(authority[..at], UriPart.UserInfo))
            {
                return false;
            }

            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<char> port;
        if (authority.Length > 0 && authority[0] == '[')
        {
            int close = authority.IndexOf(']');
            if (close < 0 || !IsIPLiteral(authority[1..close]))
            {
                return false;
            }

            port = authority[(close + 1)..];
        }
        else
        {
            int colon = authority.IndexOf(':');
            ReadOnlySpan<char> host = colon >= 0 ? authority[..colon] : authority;
            if (!AllOf(host, UriPart.RegName))
            {
                return false;
            }

            port = colon >= 0 ? authority[colon..] : [];
        }

        if (port.Length == 0)
        {
            return true;
        }

        if (port[0] != ':')
        {
            return false;
        }

        foreach (char c in port[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPLiteral(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && (s[0] == 'v' || s[0] == 'V'))
        {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            int dot = s.IndexOf('.');
            if (dot < 2 || dot == s.Length - 1)
            {
                return false;
            }

            foreach (char c in s[1..dot])
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            foreach (char c in s[(dot + 1)..])
            {
                if (!IsUnreserved(c) && !IsSubDelim(c) && c != ':')
                {
                    return false;
                }
            }

            return true;
        }

        return IsIPv6(s);
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsSubDelim(char c) => c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    // RFC 3986 IPv6address: eight 16-bit groups, "::" for one or more zero groups, the last two may be an IPv4 address.
    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        int gap = s.IndexOf("::");
        if (gap >= 0 && s[(gap + 2)..].Contains("::", StringComparison.Ordinal))
        {
            return false;
        }

        int groups = 0;
        if (gap < 0)
        {
            return CountGroups(s, allowIPv4: true, ref groups) && groups == 8;
        }

        return CountGroups(s[..gap], allowIPv4: false, ref groups) && CountGroups(s[(gap + 2)..], allowIPv4: true, ref groups) && groups <= 7;
    }

    private static bool CountGroups(ReadOnlySpan<char> s, bool allowIPv4, ref int groups)
    {
        if (s.Length == 0)
        {
            return true;
        }

        while (true)
        {
            int colon = s.IndexOf(':');
            ReadOnlySpan<char> group = colon >= 0 ? s[..colon] : s;
            if (colon < 0 && group.Contains('.'))
            {
                if (!allowIPv4 || !IsIPv4(group))
                {
                    return false;
                }

                groups += 2;
                return true;
            }

            if (group.Length is 0 or > 4)
            {
                return false;
            }

            foreach (char c in group)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            groups++;
            if (colon < 0)
            {
                return true;
            }

            s = s[(colon + 1)..];
        }
    }

    // Dotted decimal with four octets 0-255 and no leading zeros (RFC 3986 dec-octet).
    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        int octets = 0;
        foreach (Range range in s.Split('.'))
        {
            ReadOnlySpan<char> octet = s[range];
            octets++;
            if (octets > 4 || octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0'))
            {
                return false;
            }

            int value = 0;
            foreach (char c in octet)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }
        }

        return octets == 4;
    }
}
