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
    private readonly TimeSpan client;
    private readonly TimeSpan server;

    private CpuTime(int[] backends)
    {
        this.backends = backends;
        client = Process.GetCurrentProcess().TotalProcessorTime;
        server = ServerTime(backends);
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
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}-cpu-ms-per-transaction {clientMs + serverMs:0.00} (client {clientMs:0.00}, PostgreSQL {serverMs:0.00}, {backends.Length} backends)");
    }

    /// <summary>The processor seconds since the start, of this process and of the database's backends.</summary>
    public (double Client, double Server) Seconds() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds, (ServerTime(backends) - server).TotalSeconds);

    private static TimeSpan ServerTime(int[] pids) => TimeSpan.FromTicks(pids.Sum(pid => ProcessTime(pid).Ticks));

    /// <summary>
    /// The processor time of process <paramref name="pid"/> so far: utime and stime, fields 14 and 15 of
    /// /proc/&lt;pid&gt;/stat (after the command name in parentheses), in clock ticks of 1/100 s; a process gone counts nothing.
    /// </summary>
    internal static TimeSpan ProcessTime(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10L);
    }
}
