using System.Text;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A small strict reader of the iCalendar objects FormFlow sends (RFC 5545): every line ends with CRLF and is at most
/// 75 octets, folded lines are joined, and each property's value is unescaped. It fails on anything else, so a
/// calendar client's leniency cannot hide a mistake.
/// </summary>
internal sealed class Calendar
{
    private Calendar(
        List<(string Name, Dictionary<string, string> Parameters, string Value)> calendar,
        List<(string Name, Dictionary<string, string> Parameters, string Value)> vevent,
        List<(string Name, Dictionary<string, string> Parameters, string Value)> alarm)
    {
        Properties = calendar;
        Event = vevent;
        Alarm = alarm;
    }

    /// <summary>The VCALENDAR's own properties.</summary>
    public List<(string Name, Dictionary<string, string> Parameters, string Value)> Properties { get; }

    /// <summary>The properties of its one VEVENT.</summary>
    public List<(string Name, Dictionary<string, string> Parameters, string Value)> Event { get; }

    /// <summary>The properties of the event's VALARM, empty without one.</summary>
    public List<(string Name, Dictionary<string, string> Parameters, string Value)> Alarm { get; }

    public string this[string name] => Properties.Concat(Event).Single(p => p.Name == name).Value;

    public IEnumerable<(Dictionary<string, string> Parameters, string Value)> All(string name) =>
        Event.Where(p => p.Name == name).Select(p => (p.Parameters, p.Value));

    public static Calendar Parse(string text)
    {
        Assert.That(text, Does.EndWith("\r\n"));
        var physical = text[..^2].Split("\r\n");
        foreach (var line in physical)
        {
            Assert.That(Encoding.UTF8.GetByteCount(line), Is.LessThanOrEqualTo(75), line);
            Assert.That(line, Does.Not.Contain('\n').And.Not.Contain('\r'), "bare line ends");
        }

        var lines = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }

        Assert.That(lines[0], Is.EqualTo("BEGIN:VCALENDAR"));
        Assert.That(lines[^1], Is.EqualTo("END:VCALENDAR"));
        var calendar = new List<(string, Dictionary<string, string>, string)>();
        var vevent = new List<(string, Dictionary<string, string>, string)>();
        var alarm = new List<(string, Dictionary<string, string>, string)>();
        var inEvent = false;
        var inAlarm = false;
        var events = 0;
        var alarms = 0;
        foreach (var line in lines[1..^1])
        {
            if (line is "BEGIN:VALARM" or "END:VALARM")
            {
                Assert.That(inEvent, Is.True, "an alarm belongs to the event");
                inAlarm = line == "BEGIN:VALARM";
                alarms += inAlarm ? 1 : 0;
                continue;
            }

            if (inAlarm)
            {
                alarm.Add(Property(line));
                continue;
            }

            if (line == "BEGIN:VEVENT")
            {
                inEvent = true;
                events++;
                continue;
            }

            if (line == "END:VEVENT")
            {
                inEvent = false;
                continue;
            }

            (inEvent ? vevent : calendar).Add(Property(line));
        }

        Assert.That(events, Is.EqualTo(1), "one event");
        Assert.That(alarms, Is.LessThanOrEqualTo(1), "at most one alarm");
        return new Calendar(calendar, vevent, alarm);
    }

    private static (string, Dictionary<string, string>, string) Property(string line)
    {
        // NAME *(;PARAM=VALUE) : VALUE, where a parameter value may be quoted (and then holds ; : ,).
        var index = 0;
        var name = Take(line, ref index, c => c is ';' or ':');
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (line[index] == ';')
        {
            index++;
            var key = Take(line, ref index, c => c == '=');
            index++;
            string value;
            if (line[index] == '"')
            {
                var close = line.IndexOf('"', index + 1);
                value = line[(index + 1)..close];
                index = close + 1;
            }
            else
            {
                value = Take(line, ref index, c => c is ';' or ':');
            }

            parameters[key] = value;
        }

        Assert.That(line[index], Is.EqualTo(':'), line);
        return (name, parameters, Unescape(line[(index + 1)..]));
    }

    private static string Take(string line, ref int index, Func<char, bool> stop)
    {
        var start = index;
        while (index < line.Length && !stop(line[index]))
        {
            index++;
        }

        Assert.That(index, Is.LessThan(line.Length), line);
        return line[start..index];
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                Assert.That(value[i], Is.Not.EqualTo(';').And.Not.EqualTo(','), "an unescaped ; or , in " + value);
                text.Append(value[i]);
                continue;
            }

            var next = value[++i];
            text.Append(next switch
            {
                'n' or 'N' => '\n',
                '\\' or ';' or ',' => next,
                _ => throw new AssertionException($"a bad escape \\{next} in {value}"),
            });
        }

        return text.ToString();
    }
}
