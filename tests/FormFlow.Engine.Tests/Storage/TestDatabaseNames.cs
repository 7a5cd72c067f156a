using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace FormFlow.Tests.Storage;

/// <summary>
/// The throw-away databases the test suites make on the PostgreSQL test server, named after the process that makes
/// them: <c>{prefix}_{pid}_{machine}_{guid}</c> (<c>ff_</c> for the engine suite, <c>ff_api_</c> for the API and browser
/// suites). A test run that is SIGKILLed drops none of its databases, so each run, before it makes its first one, drops
/// those whose process on this machine is no longer alive. The suites run at the same time on one server: a database
/// of a live process is never touched, nor one made on another machine (its process ids are not ours to judge), nor
/// one named otherwise (an older run's, a benchmark's).
/// </summary>
internal static partial class TestDatabaseNames
{
    /// <summary>This machine, as the names carry it: the first 8 hex digits of the SHA-256 of its name.</summary>
    internal static readonly string Machine = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..8];

    private static int swept;

    /// <summary>A new name for a database made by this process.</summary>
    public static string New(string prefix) => Name(prefix, Environment.ProcessId, Machine);

    /// <summary>A name as a process <paramref name="pid"/> on <paramref name="machine"/> would make it.</summary>
    internal static string Name(string prefix, int pid, string machine) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{pid}_{machine}_{Guid.NewGuid():N}");

    /// <summary>
    /// Creates a fresh, empty database named <c>{prefix}_…</c> on the server <paramref name="server"/> connects to and
    /// returns its name; the first call of the process drops the leftovers of dead processes first.
    /// </summary>
    public static string CreateDatabase(string server, string prefix)
    {
        var name = New(prefix);
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        if (Interlocked.Exchange(ref swept, 1) == 0)
        {
            DropLeftovers(connection, IsAlive);
        }

        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is made here from a process id, a hash and a GUID; CREATE DATABASE takes no parameters.
        command.CommandText = $"CREATE DATABASE {name}";
#pragma warning restore CA2100
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>
    /// Drops every test database of this machine whose process <paramref name="isAlive"/> says is gone, with its
    /// connections (a killed run's hosts may have left some); returns the names dropped.
    /// </summary>
    internal static IReadOnlyList<string> DropLeftovers(NpgsqlConnection server, Func<int, bool> isAlive)
    {
        var names = new List<string>();
        using (var list = server.CreateCommand())
        {
            list.CommandText = "SELECT datname FROM pg_database WHERE datname LIKE 'ff\\_%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        var dropped = new List<string>();
        foreach (var name in names)
        {
            var match = Made().Match(name);
            if (!match.Success || match.Groups["machine"].Value != Machine
                || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || isAlive(pid))
            {
                continue;
            }

            using var drop = server.CreateCommand();
#pragma warning disable CA2100 // The name matched the pattern of our own names (letters, digits, underscores); DROP DATABASE takes no parameters.
            drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
#pragma warning restore CA2100
            drop.ExecuteNonQuery();
            dropped.Add(name);
        }

        return dropped;
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> runs on this machine. A process that has exited but not yet been reaped
    /// counts as alive, and so does an unrelated process that took a dead one's id: then a leftover waits for a later run.
    /// </summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^ff_(?:api_)?(?<pid>[0-9]{1,9})_(?<machine>[0-9a-f]{8})_[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Made();
}
