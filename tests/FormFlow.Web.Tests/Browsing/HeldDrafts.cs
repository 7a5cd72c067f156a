using System.Threading.Channels;
using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>
/// A connection that never answers a task page's draft saves: each save is held (neither sent nor failed) until the test
/// lets it through or drops it. A page whose save hangs sends no other one when it unloads (the autosave waits for the
/// one running), so a reload while a save is held is certain to leave the server without the change — unlike a route
/// that aborts at once, past which Chromium may send the unloading page's save.
/// </summary>
internal sealed class HeldDrafts
{
    private const string Pattern = "**/api/tasks/*/draft";
    private readonly IPage page;
    private readonly List<IRoute> held = [];
    private readonly Channel<IRoute> sent = Channel.CreateUnbounded<IRoute>();

    private HeldDrafts(IPage page) => this.page = page;

    /// <summary>From now on, every draft save of <paramref name="page"/> (across reloads) is held.</summary>
    public static async Task<HeldDrafts> StartAsync(IPage page)
    {
        var drafts = new HeldDrafts(page);
        await page.RouteAsync(Pattern, route =>
        {
            lock (drafts.held)
            {
                drafts.held.Add(route);
            }

            return drafts.sent.Writer.WriteAsync(route).AsTask();
        });
        return drafts;
    }

    /// <summary>Waits for the page's next draft save to be held (it is saving, and waiting for an answer).</summary>
    public async Task NextSaveAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await sent.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the page sent no draft save");
        }
    }

    /// <summary>
    /// The saves held so far are never answered: they go with the page that sent them (which a reload replaced), and
    /// never reach the server.
    /// </summary>
    public void Forget()
    {
        lock (held)
        {
            held.Clear();
        }
    }

    /// <summary>Saves come through again: the held ones are sent on, later ones go straight to the server.</summary>
    public async Task ReleaseAsync()
    {
        List<IRoute> waiting;
        lock (held)
        {
            waiting = [.. held];
            held.Clear();
        }

        // Sent on while the route is in place: once it is removed, Playwright counts its held requests as handled.
        foreach (var route in waiting)
        {
            await route.ContinueAsync();
        }

        await page.UnrouteAsync(Pattern);
    }
}
