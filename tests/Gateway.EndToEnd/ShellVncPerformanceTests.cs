using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.IntegrationTests.Servers;
using Gateway.IntegrationTests.Vnc;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// Browser-side figures for the web client against a real 1280×800 Xvnc, recorded and never asserted: how long the
/// display takes to apply one frame (the shell's <c>gateway-frame</c> performance measures) during a full-screen
/// animation and during text scrolling, and the time from a key press in the page to the first frame with drawing
/// that follows it. The session uses the default encodings (lossy allowed), as users get them. The figures go to the test output and to <c>web-performance.txt</c> in the artefacts directory.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellVncPerformanceTests(GatewayBrowserFixture fixture, ITestOutputHelper output)
{
    private const int Width = 1280;
    private const int Height = 800;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    // Key presses: a capturing keydown listener notes the event's time; the next gateway-frame measure that drew
    // something ends the interval.
    private const string KeyProbe =
        "window.keyToPixels = []; let pendingKey = null;" +
        "window.addEventListener('keydown', (e) => { pendingKey = e.timeStamp; }, true);" +
        "new PerformanceObserver((list) => { for (const e of list.getEntries()) {" +
        "  if (pendingKey !== null && e.detail && e.detail.operations > 0 && e.startTime + e.duration >= pendingKey) {" +
        "    window.keyToPixels.push(e.startTime + e.duration - pendingKey); pendingKey = null; } } }).observe({ type: 'measure' });";

    [Fact]
    public async Task Frame_apply_time_and_key_to_pixels_are_recorded()
    {
        string bench = LocateBench();
        await using var server = await XvncServer.StartAsync(Width, Height, ["-SecurityTypes", "None"]);
        using var clients = new XClients(server.Display);
        await clients.RunAsync("xsetroot", null, "-solid", "#336699");

        long firstLogLine = fixture.ServerLog.NextLineNumber;
        await using var page = await ShellPage.OpenAsync(fixture.Browser, Width, Height);
        var report = new StringBuilder();
        try
        {
            await page.Page.AddInitScriptAsync("globalThis.gatewayPerformanceMarks = true;");
            await page.GotoAsync(new Uri(fixture.BaseAddress, "/session?token=" + Uri.EscapeDataString(VncDesktop.MintToken(fixture.Tokens, server.Port, resize: false, lossless: false))));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(5, 5, Rgb.FromHex(0x336699));
            Assert.Equal((Width, Height), await page.DisplaySizeAsync());
            await page.Page.EvaluateAsync(KeyProbe);

            report.AppendLine(CultureInfo.InvariantCulture, $"chromium {fixture.Browser.Version}, headless, {Environment.ProcessorCount} cores, load average before: {LoadAverage()}");

            // 1. Full-screen animation: the bench tool's X11 animator (PutImage of precomputed 1280x800 frames).
            using (var animator = clients.Start("dotnet", bench, "animate", "--display", server.Display.ToString(CultureInfo.InvariantCulture), "--fps", "10", "--width", Width.ToString(CultureInfo.InvariantCulture), "--height", Height.ToString(CultureInfo.InvariantCulture)))
            {
                await WaitForBusyFramesAsync(page, "the animation");
                report.AppendLine(Describe("animation 1280x800 @10 fps", await MeasureAsync(page)));
                animator.Kill();
            }

            // 2. Text scrolling: a full-screen xterm printing 400 numbered lines per second.
            const string Scroll =
                "use Time::HiRes qw(time sleep); my $t0 = time; my $n = 0; while (1) { my $s = ''; " +
                "for (1 .. 20) { $n++; $s .= sprintf(\"%08d the quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz\\n\", $n); } " +
                "syswrite(STDOUT, $s); my $d = $t0 + $n / 400 - time; sleep($d) if $d > 0; }";
            using (var scroller = clients.Start("xterm", "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "141x44+0+0", "-bg", "black", "-fg", "white", "-sl", "0", "-e", "perl", "-e", Scroll))
            {
                await WaitForBusyFramesAsync(page, "the scrolling xterm");
                report.AppendLine(Describe("text scrolling 400 lines/s (141x44 xterm)", await MeasureAsync(page)));
                scroller.Kill();
            }

            // 3. Key to pixels: an xterm running cat echoes each key; nothing else changes on the screen.
            using (clients.Start("xterm", "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "80x24+0+0", "-bg", "black", "-fg", "white", "-e", "cat"))
            {
                await page.WaitForPixelAsync(20, 20, Rgb.FromHex(0x000000));
                await page.Page.Mouse.ClickAsync(40, 40);
                await Task.Delay(500);
                await page.Page.EvaluateAsync("() => { window.keyToPixels = []; }");
                const int Presses = 40;
                for (int i = 0; i < Presses; i++)
                {
                    await page.Page.Keyboard.PressAsync(((char)('a' + (i % 26))).ToString());
                    await Task.Delay(150); // let each echo arrive before the next key (a pacing, not an assertion)
                }

                await Task.Delay(500);
                double[] latencies = await page.Page.EvaluateAsync<double[]>("() => window.keyToPixels");
                report.AppendLine(CultureInfo.InvariantCulture, $"key to pixels: {latencies.Length} of {Presses} presses matched; {Summary(latencies)}");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}");
            output.WriteLine(report.ToString());
            Directory.CreateDirectory(fixture.ArtifactsDirectory);
            await File.WriteAllTextAsync(Path.Combine(fixture.ArtifactsDirectory, "web-performance.txt"), report.ToString());
        }
        catch (Exception)
        {
            output.WriteLine(report.ToString());
            await page.ReportFailureAsync(fixture, output, $"ShellVnc_{nameof(Frame_apply_time_and_key_to_pixels_are_recorded)}.png", firstLogLine);
            throw;
        }
    }

    /// <summary>Frames (apply ms, operations) applied during the measurement window.</summary>
    private static async Task<(double[] Apply, int[] Operations, double Seconds)> MeasureAsync(ShellPage page)
    {
        await page.Page.EvaluateAsync("() => performance.clearMeasures('gateway-frame')");
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window);
        double[][] frames = await page.Page.EvaluateAsync<double[][]>(
            "() => { const f = performance.getEntriesByName('gateway-frame').map(e => [e.duration, e.detail.operations]); performance.clearMeasures('gateway-frame'); return f; }");
        double seconds = clock.Elapsed.TotalSeconds;
        return ([.. frames.Select(f => f[0])], [.. frames.Select(f => (int)f[1])], seconds);
    }

    private static Task WaitForBusyFramesAsync(ShellPage page, string what) =>
        ShellPage.WaitForAsync(
            async () =>
            {
                await page.Page.EvaluateAsync("() => performance.clearMeasures('gateway-frame')");
                await Task.Delay(1000);
                return await page.Page.EvaluateAsync<int>("() => performance.getEntriesByName('gateway-frame').filter(e => e.detail.operations > 0).length");
            },
            n => n >= 3,
            $"frames from {what}",
            TimeSpan.FromSeconds(30));

    private static string Describe(string name, (double[] Apply, int[] Operations, double Seconds) m)
    {
        var drawn = m.Apply.Where((_, i) => m.Operations[i] > 0).ToArray();
        int over8 = drawn.Count(d => d > 8);
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: {drawn.Length} frames with drawing in {m.Seconds:F1} s ({drawn.Length / m.Seconds:F1}/s), ops/frame median {Percentile(m.Operations.Where(o => o > 0).Select(o => (double)o).ToArray(), 50):F0}; apply ms {Summary(drawn)}; frames over 8 ms: {over8}");
    }

    private static string Summary(double[] values) => values.Length == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"median {Percentile(values, 50):F2} p95 {Percentile(values, 95):F2} max {values.Max():F2} (n={values.Length})");

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        int index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Gateway.Bench.dll (built with this project, see the csproj), whose <c>animate</c> mode draws the animation.</summary>
    private static string LocateBench()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "the repository root (Gateway.sln) was not found above " + AppContext.BaseDirectory);
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        string[] candidates =
        [
            Path.Combine(directory.FullName, "tools", "Gateway.Bench", "bin", configuration, "net10.0", "Gateway.Bench.dll"),
            Path.Combine(directory.FullName, "tools", "Gateway.Bench", "bin", "Release", "net10.0", "Gateway.Bench.dll"),
            Path.Combine(directory.FullName, "tools", "Gateway.Bench", "bin", "Debug", "net10.0", "Gateway.Bench.dll"),
        ];
        string? found = candidates.FirstOrDefault(File.Exists);
        Assert.True(found is not null, "Gateway.Bench.dll is missing; build it with `dotnet build tools/Gateway.Bench`");
        return found;
    }
}
