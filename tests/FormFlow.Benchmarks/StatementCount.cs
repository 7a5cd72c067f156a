using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FormFlow.Benchmarks;

/// <summary>
/// Counts the round trips Npgsql makes while it lives (one activity per command or batch sent), by statement: what a
/// transition costs the server, besides how long it takes. A COMMIT sent on its own (<c>DbTransaction.CommitAsync</c>)
/// makes no activity and is not counted: the commands' writes carry their COMMIT (<c>CommandWrites.WriteAndCommitAsync</c>).
/// </summary>
internal sealed class StatementCount : IDisposable
{
    private readonly ActivityListener listener;
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    public StatementCount()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                var key = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim();
                key = key.Length > 90 ? key[..90] : key;
                lock (counts)
                {
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public string Report(int transitions)
    {
        lock (counts)
        {
            var report = new StringBuilder();
            report.Append(CultureInfo.InvariantCulture, $"round-trips-per-transition {counts.Values.Sum() / (double)transitions:0.0} (over {transitions}; BEGIN goes with the first, COMMIT with the write)\n");
            foreach (var (statement, count) in counts.OrderByDescending(c => c.Value))
            {
                report.Append(CultureInfo.InvariantCulture, $"  {count / (double)transitions,5:0.0}  {statement}\n");
            }

            return report.ToString();
        }
    }

    public void Dispose() => listener.Dispose();
}
