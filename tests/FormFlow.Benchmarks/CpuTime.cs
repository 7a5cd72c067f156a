using System.Diagnostics;
using System.Globalization;
using Dapper;
using FormFlow.Storage;

namespace FormFlow.Benchmarks;

/// <summary>
/// The processor time a measured stretch costs on both sides of the wire: this process, and the PostgreSQL backends
/// serving its database (read from /proc, the server being local). On a shared machine the transactions per second
/// move with the neighbours' load; the milliseconds of processor time per transaction move much less.
/// </summary>
internal sealed class CpuTime
{
    private readonly int[] backends;
    private readonly int? postmaster;
    private readonly TimeSpan client;
    private readonly TimeSpan server;
    private readonly TimeSpan wholeServer;

    private CpuTime(int[] backends)
    {
        this.backends = backends;
        postmaster = backends.Length == 0 ? null : Stat(backends[0]) is { } stat ? stat.Parent : null;
        client = Process.GetCurrentProcess().TotalProcessorTime;
        server = ServerTime(backends);
        wholeServer = postmaster is { } pid ? WholeServerTime(pid) : TimeSpan.Zero;
    }

    /// <summary>Starts counting, once the pool's connections to <paramref name="database"/> are open.</summary>
    public static async Task<CpuTime> StartAsync(Database database)
    {
        if (database.Dialect != StorageDialect.PostgreSql)
        {
            // SQLite runs in this process: its time is the client's.
            return new CpuTime([]);
        }

        await using var work = await UnitOfWork.BeginAsync(database);
        var backends = await work.Connection.QueryAsync<int>(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()", transaction: work.Transaction);
        return new CpuTime([.. backends]);
    }

    public string Report(string name, int transactions)
    {
        var clientMs = (Process.GetCurrentProcess().TotalProcessorTime - client).TotalMilliseconds / transactions;
        var serverMs = (ServerTime(backends) - server).TotalMilliseconds / transactions;
        var ended = backends.Count(pid => Stat(pid) is null);
        var whole = postmaster is { } pid ? string.Create(CultureInfo.InvariantCulture,
            $"; the whole server {(WholeServerTime(pid) - wholeServer).TotalMilliseconds / transactions:0.00}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}-cpu-ms-per-transaction {clientMs + serverMs:0.00} (client {clientMs:0.00}, PostgreSQL {serverMs:0.00}, {backends.Length} backends")
            + (ended == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {ended} of them ended meanwhile: their time is missing"))
            + whole + ")";
    }

    /// <summary>The processor seconds since the start, of this process and of the database's backends.</summary>
    public (double Client, double Server) Seconds() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds, (ServerTime(backends) - server).TotalSeconds);

    private static TimeSpan ServerTime(int[] pids) => TimeSpan.FromTicks(pids.Sum(pid => ProcessTime(pid).Ticks));

    /// <summary>The processor time of process <paramref name="pid"/> so far; a process gone counts nothing.</summary>
    internal static TimeSpan ProcessTime(int pid) => Stat(pid)?.Own ?? TimeSpan.Zero;

    // A backend that ends is reaped by the postmaster, whose "children's time" then holds what it used: the postmaster
    // with everything it started (backends, the WAL writer, autovacuum) counts a run whole, whichever of them ended or
    // began during it.
    private static TimeSpan WholeServerTime(int postmaster)
    {
        var total = Stat(postmaster) is { } own ? own.Own + own.Children : TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } child && child.Parent == postmaster)
            {
                total += child.Own + child.Children;
            }
        }

        return total;
    }

    /// <summary>
    /// Fields of /proc/&lt;pid&gt;/stat after the command name in parentheses: the parent (field 4), utime and stime
    /// (14, 15) and the reaped children's cutime and cstime (16, 17), in clock ticks of 1/100 s; null when it is gone.
    /// </summary>
    private static (int Parent, TimeSpan Own, TimeSpan Children)? Stat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        TimeSpan Ticks(int first) => TimeSpan.FromMilliseconds(
            (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[first + 1], CultureInfo.InvariantCulture)) * 10L);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), Ticks(11), Ticks(13));
    }
}
