using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FormFlow.Tests.Delivery;

/// <summary>A local HTTP receiver for webhooks: records every request and answers with the status its path is given.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Base = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Base);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Base { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status code for a path (e.g. "/failing"); 200 with {"errcode":0,"code":0} unless set.</summary>
    public Func<string, int> StatusFor { get; set; } = _ => 200;

    /// <summary>What happens while a request is held, before it is answered (a test moves the clock, or acts as another node).</summary>
    public Func<Received, Task>? WhileHolding { get; set; }

    /// <summary>What <see cref="WhileHolding"/> threw (such a request is answered 500).</summary>
    public ConcurrentQueue<Exception> HoldFailures { get; } = new();

    public Uri Url(string pathAndQuery) => new(Base + pathAndQuery);

    public IReadOnlyList<Received> To(string path) => [.. Requests.Where(r => r.Path == path)];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            var received = new Received(path, context.Request.QueryString.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.QueryString[k]!), context.Request.Headers["Idempotency-Key"], body);
            Requests.Enqueue(received);
            var status = StatusFor(path);
            if (WhileHolding is { } hold)
            {
                try
                {
                    await hold(received);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Kept for the test to see; the request is answered all the same, so the sender does not hang.
                    HoldFailures.Enqueue(e);
                    status = 500;
                }
            }

            context.Response.StatusCode = status;
            var answer = status == 200 ? """{"errcode":0,"code":0,"msg":"ok"}"""u8.ToArray() : "server error"u8.ToArray();
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    internal sealed record Received(string Path, IReadOnlyDictionary<string, string> Query, string? IdempotencyKey, string Body);
}
