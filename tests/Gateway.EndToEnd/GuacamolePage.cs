using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Gateway.EndToEnd;

/// <summary>
/// One browser context showing page.html: drives the stock Guacamole.Client through the page's <c>gw</c>
/// helpers and waits for what it reports.
/// </summary>
public sealed class GuacamolePage : IAsyncDisposable
{
    /// <summary>How long a wait may last before the test fails; an upper bound, never a timing assertion.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(40);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _console = new();
    private bool _closed;

    private GuacamolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"page error: {error}");
        page.WebSocket += (_, socket) =>
        {
            _console.Enqueue($"websocket opened: {StripQuery(socket.Url)}");
            socket.Close += (_, _) => _console.Enqueue($"websocket closed: {StripQuery(socket.Url)}");
            socket.SocketError += (_, error) => _console.Enqueue($"websocket error: {error}");
        };
        page.RequestFailed += (_, request) => _console.Enqueue($"request failed: {request.Method} {StripQuery(request.Url)} {request.Failure}");
    }

    public IPage Page { get; }

    /// <summary>Console messages, page errors and socket events seen so far.</summary>
    public IReadOnlyList<string> ConsoleLines => _console.ToArray();

    public static async Task<GuacamolePage> OpenAsync(GatewayBrowserFixture fixture, string pageFile = WebAssets.PageFile)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 800, Height = 600 },
        });
        var page = await context.NewPageAsync();
        var result = new GuacamolePage(context, page);
        await page.GotoAsync(fixture.PageAddressOf(pageFile).ToString());
        bool loaded = await page.EvaluateAsync<bool>("() => window.gw !== undefined && window.gw.loaded");
        Assert.True(loaded, $"{pageFile} did not load its client bundle (the page's gw.loaded is false)");
        return result;
    }

    /// <summary>Connects the stock client over "ws" (WebSocketTunnel) or "http" (HTTPTunnel).</summary>
    public Task ConnectAsync(string tunnel, string token, int width = 640, int height = 480) =>
        Page.EvaluateAsync("([kind, token, w, h]) => gw.connect(kind, token, w, h)", new object[] { tunnel, token, width, height });

    public async Task<PageSnapshot> SnapshotAsync()
    {
        string json = await Page.EvaluateAsync<string>("() => JSON.stringify(gw.snapshot())");
        return JsonSerializer.Deserialize<PageSnapshot>(json, Json) ?? throw new InvalidOperationException("the page has not connected yet");
    }

    /// <summary>[r, g, b, a] of a pixel of the default layer, or null outside its canvas.</summary>
    public async Task<IReadOnlyList<int>?> PixelAsync(int x, int y) =>
        await Page.EvaluateAsync<int[]?>("([x, y]) => gw.pixel(x, y)", new[] { x, y });

    public Task KeyTapAsync(int keysym) => Page.EvaluateAsync("k => gw.keyTap(k)", keysym);

    public Task SetClipboardAsync(string text) => Page.EvaluateAsync("t => gw.setClipboard(t)", text);

    public Task SendSizeAsync(int width, int height) =>
        Page.EvaluateAsync("([w, h]) => gw.sendSize(w, h)", new[] { width, height });

    public Task DisconnectAsync() => Page.EvaluateAsync("() => gw.disconnect()");

    /// <summary>Polls the page until <paramref name="condition"/> holds, else fails naming <paramref name="what"/>.</summary>
    public async Task<PageSnapshot> WaitForAsync(Func<PageSnapshot, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await SnapshotAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (clock.Elapsed > Deadline)
            {
                Assert.Fail($"the client never reported {what}; last snapshot: {JsonSerializer.Serialize(snapshot, Json)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public Task<PageSnapshot> WaitForConnectedAsync() =>
        WaitForAsync(s => s.State == PageSnapshot.Connected, "state CONNECTED");

    /// <summary>Polls until a pixel of the default layer is exactly <paramref name="expected"/>.</summary>
    public async Task WaitForPixelAsync(int x, int y, Rgb expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pixel = await PixelAsync(x, y);
            if (expected.Matches(pixel))
            {
                return;
            }

            if (clock.Elapsed > Deadline)
            {
                Assert.Fail($"pixel ({x},{y}) never became {expected}; it is {Rgb.Describe(pixel)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Asserts exact colours now (call after waiting for the frame to arrive).</summary>
    public async Task AssertPixelsAsync(params (int X, int Y, Rgb Expected)[] points)
    {
        var failures = new List<string>();
        foreach (var (x, y, expected) in points)
        {
            var pixel = await PixelAsync(x, y);
            if (!expected.Matches(pixel))
            {
                failures.Add($"({x},{y}) is {Rgb.Describe(pixel)}, expected {expected}");
            }
        }

        Assert.True(failures.Count == 0, "wrong pixels: " + string.Join("; ", failures));
    }

    /// <summary>Everything useful for a failure report: the client's snapshot and the console.</summary>
    public async Task<string> DescribeAsync()
    {
        string snapshot;
        try
        {
            snapshot = _closed ? "(closed)" : await Page.EvaluateAsync<string>("() => JSON.stringify(gw.snapshot(), null, 1)");
        }
        catch (Exception ex)
        {
            snapshot = $"(no snapshot: {ex.Message})";
        }

        return $"snapshot: {snapshot}\nconsole:\n  {string.Join("\n  ", ConsoleLines)}";
    }

    public async Task SaveScreenshotAsync(string path)
    {
        if (!_closed)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
    }

    /// <summary>Disconnects the client if it is still connected, then closes the context.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            await Page.EvaluateAsync("() => { if (gw.client) gw.client.disconnect(); }");
        }
        catch (PlaywrightException)
        {
            // the page may already be gone
        }

        await _context.CloseAsync();
    }

    private static string StripQuery(string url)
    {
        int query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query] + "?…"; // the query string carries the connect token
    }
}
