using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Gateway.EndToEnd;

/// <summary>
/// One browser context showing Gateway's own web client: the standalone <c>/session</c> page, the
/// <c>&lt;gateway-session&gt;</c> element or the iframe mode. Reads the shell's state, overlay and canvas pixels
/// wherever the session view lives (document, shadow root or iframe).
/// </summary>
public sealed class ShellPage : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(40);

    // The session view's root: inside the element's shadow root when there is one, else the document.
    private const string RootJs = "(document.querySelector('gateway-session')?.shadowRoot ?? document)";

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _console = new();
    private bool _closed;

    private ShellPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"page error: {error}");
        page.WebSocket += (_, socket) =>
        {
            _console.Enqueue("websocket opened");
            socket.FrameSent += (_, frame) => SentFrames.Enqueue(frame.Text ?? string.Empty);
            socket.FrameReceived += (_, frame) => ReceivedFrames.Enqueue(frame.Text ?? string.Empty);
            socket.Close += (_, _) => _console.Enqueue("websocket closed");
        };
        page.RequestFailed += (_, request) => _console.Enqueue($"request failed: {request.Method} {request.Url.Split('?')[0]} {request.Failure}");
    }

    public IPage Page { get; }

    /// <summary>WebSocket text frames the page sent and received (Guacamole instructions).</summary>
    public ConcurrentQueue<string> SentFrames { get; } = new();

    public ConcurrentQueue<string> ReceivedFrames { get; } = new();

    /// <summary>The frame holding the session view: the iframe in iframe mode, else the page itself.</summary>
    public IFrame SessionFrame => Page.Frames.FirstOrDefault(f => f != Page.MainFrame && f.Url.Contains("/session", StringComparison.Ordinal)) ?? Page.MainFrame;

    /// <summary>Opens a context of <paramref name="width"/>×<paramref name="height"/> CSS pixels; <paramref name="mintToken"/> becomes <c>window.mintToken</c>.</summary>
    public static async Task<ShellPage> OpenAsync(IBrowser browser, int width, int height, Func<string>? mintToken = null, float deviceScaleFactor = 1)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = deviceScaleFactor,
        });
        if (mintToken is not null)
        {
            await context.ExposeFunctionAsync("mintToken", mintToken);
        }

        var page = await context.NewPageAsync();
        return new ShellPage(context, page);
    }

    public async Task GotoAsync(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        await Page.GotoAsync(address.ToString());
    }

    /// <summary>The view's <c>data-state</c> (connecting, waiting, connected, reconnecting, disconnected, error) or null.</summary>
    public Task<string?> StateAsync() =>
        SessionFrame.EvaluateAsync<string?>($"() => {RootJs}.querySelector('.gw-session')?.dataset.state ?? null");

    /// <summary>The overlay's title when it is shown, else null.</summary>
    public Task<string?> OverlayTitleAsync() =>
        SessionFrame.EvaluateAsync<string?>($"() => {{ const o = {RootJs}.querySelector('.gw-overlay'); return o && !o.hidden ? o.querySelector('h2').textContent : null; }}");

    /// <summary>The overlay's whole text when it is shown, else null.</summary>
    public Task<string?> OverlayTextAsync() =>
        SessionFrame.EvaluateAsync<string?>($"() => {{ const o = {RootJs}.querySelector('.gw-overlay'); return o && !o.hidden ? o.innerText : null; }}");

    /// <summary>Evaluates <paramref name="body"/> with <c>root</c> bound to the view's root (document or shadow root).</summary>
    public Task<T> InRootAsync<T>(string body, object? arg = null) =>
        SessionFrame.EvaluateAsync<T>($"(arg) => {{ const root = {RootJs}; {body} }}", arg);

    /// <summary>[r, g, b, a] of a pixel of the remote display's default layer, or null outside it.</summary>
    public async Task<IReadOnlyList<int>?> PixelAsync(int x, int y) =>
        await InRootAsync<int[]?>(
            "const c = root.querySelector('.gw-display canvas'); if (!c || arg[0] >= c.width || arg[1] >= c.height) return null;" +
            "return Array.from(c.getContext('2d').getImageData(arg[0], arg[1], 1, 1).data);",
            new[] { x, y });

    /// <summary>The default layer's size.</summary>
    public async Task<(int Width, int Height)> DisplaySizeAsync()
    {
        var size = await InRootAsync<int[]>("const c = root.querySelector('.gw-display canvas'); return c ? [c.width, c.height] : [0, 0];");
        return (size[0], size[1]);
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds, else fails naming <paramref name="what"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            T value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > (deadline ?? Deadline))
            {
                Assert.Fail($"waited for {what}; last value: {JsonSerializer.Serialize(value)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public Task WaitForStateAsync(string state) =>
        WaitForAsync(StateAsync, s => s == state, $"view state '{state}'");

    public async Task WaitForPixelAsync(int x, int y, Rgb expected)
    {
        var pixel = await WaitForAsync(() => PixelAsync(x, y), expected.Matches, $"pixel ({x},{y}) to be {expected}");
        Assert.True(expected.Matches(pixel));
    }

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

    /// <summary>The events a host page recorded in <c>window.shellEvents</c>, as JSON objects.</summary>
    public async Task<IReadOnlyList<JsonElement>> HostEventsAsync()
    {
        string json = await Page.EvaluateAsync<string>("() => JSON.stringify(window.shellEvents ?? [])");
        return JsonSerializer.Deserialize<JsonElement[]>(json) ?? [];
    }

    public async Task<string> DescribeAsync()
    {
        string state;
        try
        {
            state = _closed ? "(closed)" : $"state={await StateAsync()} overlay={await OverlayTextAsync()} url={Page.Url.Split('?')[0]}";
        }
        catch (PlaywrightException ex)
        {
            state = $"(no state: {ex.Message})";
        }

        return $"{state}\nconsole:\n  {string.Join("\n  ", _console)}";
    }

    /// <summary>
    /// After a failed test: saves a screenshot as <paramref name="screenshotName"/> in the artefacts directory and
    /// writes the view's state, the browser console and the gateway's log lines since <paramref name="firstLogLine"/>.
    /// </summary>
    public async Task ReportFailureAsync(GatewayBrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output, string screenshotName, long firstLogLine)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(fixture.ArtifactsDirectory);
        string file = Path.Combine(fixture.ArtifactsDirectory, screenshotName);
        try
        {
            await SaveScreenshotAsync(file);
            output.WriteLine($"screenshot: {file}");
        }
        catch (Exception ex) when (ex is PlaywrightException or IOException)
        {
            output.WriteLine($"no screenshot: {ex.Message}");
        }

        output.WriteLine(await DescribeAsync());
        output.WriteLine("--- gateway log during the test");
        foreach (string line in fixture.ServerLog.LinesSince(firstLogLine))
        {
            output.WriteLine(line);
        }
    }

    public async Task SaveScreenshotAsync(string path)
    {
        if (!_closed)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        await _context.CloseAsync();
    }
}
