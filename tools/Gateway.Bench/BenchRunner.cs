using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Bench;

/// <summary>
/// Runs every scenario: for each workload one Xvnc desktop; for each session count a fresh gateway process, a warm-up
/// session (so JIT and pools are not charged to the first measured session), the RSS baseline, N sessions, a settle
/// pause, then the measurement window.
/// </summary>
internal static class BenchRunner
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        Console.Error.WriteLine($"gateway-bench: protocol {options.Protocol}, workloads {string.Join(",", options.Workloads)}, sessions {string.Join(",", options.Sessions)}, {options.Seconds} s each, {options.Width}x{options.Height}, {Environment.ProcessorCount} cores");
        foreach (string workload in options.Workloads)
        {
            await using var desktop = await XvncDesktop.StartAsync(workload, options, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"{workload}: Xvnc display :{desktop.Display} port {desktop.Port}");
            foreach (int sessions in options.Sessions)
            {
                var result = await RunScenarioAsync(options, workload, sessions, desktop, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                Console.Error.WriteLine("  " + Row(result));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(results, JsonOptions), cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine("wrote " + options.JsonPath);
        }

        return results.Any(r => r.Errors.Count > 0) ? 1 : 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static async Task<ScenarioResult> RunScenarioAsync(BenchOptions options, string workload, int sessions, XvncDesktop desktop, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult { Protocol = options.Protocol, Workload = workload, Sessions = sessions };
        var minter = new TokenMinter();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.Protocol == "vnc")
        {
            parameters["hostname"] = "127.0.0.1";
            parameters["port"] = desktop.Port.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in options.ExtraParameters)
        {
            parameters[name] = value;
        }

        await using var gateway = await GatewayProcess.StartAsync(options, minter.KeyBase64, cancellationToken).ConfigureAwait(false);
        result.Host = gateway.Kind;
        var clients = new List<GuacClient>();
        try
        {
            // Warm-up session running the workload: JIT tiering, thread pool growth and first-use allocations are not
            // charged to the measured sessions (guacd, being C, has no such one-off).
            await using (var warm = new GuacClient())
            {
                await warm.ConnectAsync(gateway.BaseUri, minter.Mint(options.Protocol, parameters), options.Width, options.Height, cancellationToken).ConfigureAwait(false);
                if (workload == "latency" && options.Warmup > 0)
                {
                    await MeasureLatencyAsync([warm], options.Warmup, new ScenarioResult { Protocol = options.Protocol, Workload = workload, Sessions = 1 }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Warmup)), cancellationToken).ConfigureAwait(false);
                }
            }

            // Baseline with no session: the idle process's own CPU (timers, GC) and memory, subtracted below.
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            double idleCpu0 = gateway.CpuSeconds();
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(3000, cancellationToken).ConfigureAwait(false);
            result.GatewayCpuPercentNoSessions = (gateway.CpuSeconds() - idleCpu0) / idleClock.Elapsed.TotalSeconds * 100;
            long rssBaseline = gateway.RssBytes();
            for (int i = 0; i < sessions; i++)
            {
                var client = new GuacClient();
                clients.Add(client);
                await client.ConnectAsync(gateway.BaseUri, minter.Mint(options.Protocol, parameters), options.Width, options.Height, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(2000, cancellationToken).ConfigureAwait(false);
            long rssSessions = gateway.RssBytes();
            result.GatewayRssBaselineMiB = rssBaseline / MiB;
            result.GatewayRssPerSessionMiB = (rssSessions - rssBaseline) / MiB / sessions;
            result.LoadAverageBefore = ProcessStats.LoadAverage();

            long[] bytes0 = clients.Select(c => c.Bytes).ToArray();
            long[] frames0 = clients.Select(c => c.Frames).ToArray();
            long[] pixels0 = clients.Select(c => c.ImagePixels).ToArray();
            double cpu0 = gateway.CpuSeconds(), xvnc0 = desktop.XvncCpuSeconds(), work0 = desktop.WorkloadCpuSeconds();
            var self0 = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            var latencies = new List<double>();
            if (workload == "latency")
            {
                latencies = await MeasureLatencyAsync(clients, options.Seconds, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false);
            }

            double wall = clock.Elapsed.TotalSeconds;
            double cpu = gateway.CpuSeconds() - cpu0;
            result.Seconds = wall;
            result.XvncCpuPercent = (desktop.XvncCpuSeconds() - xvnc0) / wall * 100;
            result.WorkloadCpuPercent = (desktop.WorkloadCpuSeconds() - work0) / wall * 100;
            result.ClientCpuPercent = (Environment.CpuUsage.TotalTime - self0).TotalSeconds / wall * 100;
            result.GatewayCpuPercentTotal = cpu / wall * 100;
            result.GatewayCpuPercentPerSession = Math.Max(0, result.GatewayCpuPercentTotal - result.GatewayCpuPercentNoSessions) / sessions;
            result.GatewayRssMiB = gateway.RssBytes() / MiB;
            result.LoadAverageAfter = ProcessStats.LoadAverage();
            double[] fps = clients.Select((c, i) => (c.Frames - frames0[i]) / wall).ToArray();
            result.FramesPerSecondPerSession = fps.Average();
            result.FramesPerSecondMinSession = fps.Min();
            double screen = (double)options.Width * options.Height;
            double[] screens = clients.Select((c, i) => (c.ImagePixels - pixels0[i]) / screen / wall).ToArray();
            result.ScreensPerSecondPerSession = screens.Average();
            result.ScreensPerSecondMinSession = screens.Min();
            result.BytesPerSecondPerSession = clients.Select((c, i) => (c.Bytes - bytes0[i]) / wall).Average();
            double totalFrames = clients.Select((c, i) => (double)(c.Frames - frames0[i])).Sum();
            double totalBytes = clients.Select((c, i) => (double)(c.Bytes - bytes0[i])).Sum();
            result.BytesPerFrame = totalFrames > 0 ? totalBytes / totalFrames : 0;
            result.GatewayCpuMsPerFrame = totalFrames > 0 ? Math.Max(0, cpu - (result.GatewayCpuPercentNoSessions / 100 * wall)) * 1000 / totalFrames : 0;
            result.LatencySamples = latencies.Count;
            result.LatencyP50Ms = Percentile.Of(latencies, 50);
            result.LatencyP95Ms = Percentile.Of(latencies, 95);
            foreach (var client in clients)
            {
                foreach (var (mimetype, count) in client.ImageCounts)
                {
                    result.Images[mimetype] = result.Images.GetValueOrDefault(mimetype) + count;
                }

                if (client.Error is not null)
                {
                    result.Errors.Add(client.Error);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.Net.WebSockets.WebSocketException)
        {
            result.Errors.Add(ex.Message);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (options.Direct && workload == "latency" && sessions == options.Sessions[0])
        {
            var direct = await MeasureDirectAsync(desktop.Port, options.Seconds, cancellationToken).ConfigureAwait(false);
            result.DirectLatencyP50Ms = Percentile.Of(direct, 50);
            result.DirectLatencyP95Ms = Percentile.Of(direct, 95);
        }

        return result;
    }

    /// <summary>Keys typed into the xterm running <c>cat</c>, one session at a time (round robin), 150 ms apart.</summary>
    private static async Task<List<double>> MeasureLatencyAsync(List<GuacClient> clients, int seconds, ScenarioResult result, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        for (int n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
        {
            var client = clients[n % clients.Count];
            double ms = await client.MeasureKeyAsync(KeyFor(n), TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            if (double.IsNaN(ms))
            {
                result.LatencyTimeouts++;
            }
            else
            {
                samples.Add(ms);
            }

            await Task.Delay(150, cancellationToken).ConfigureAwait(false);
        }

        return samples;
    }

    private static async Task<List<double>> MeasureDirectAsync(int port, int seconds, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        await using var rfb = new RfbDirectClient();
        await rfb.ConnectAsync(port, cancellationToken).ConfigureAwait(false);
        await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (int n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
        {
            double ms = await rfb.MeasureKeyAsync(KeyFor(n), TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            if (!double.IsNaN(ms))
            {
                samples.Add(ms);
            }

            await Task.Delay(150, cancellationToken).ConfigureAwait(false);
        }

        return samples;
    }

    /// <summary>'a'..'z' with a Return every 40 keys, so the cat line never wraps.</summary>
    private static int KeyFor(int n) => n % 40 == 39 ? 0xFF0D : 'a' + (n % 26);

    private static string Row(ScenarioResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .Append(c, $"{r.Workload} x{r.Sessions}: {r.BytesPerSecondPerSession / 1024:F1} KiB/s, {r.FramesPerSecondPerSession:F1} fps (min {r.FramesPerSecondMinSession:F1}), {r.ScreensPerSecondPerSession:F1} screens/s (min {r.ScreensPerSecondMinSession:F1}), {r.BytesPerFrame / 1024:F1} KiB/frame, {r.GatewayCpuMsPerFrame:F2} ms cpu/frame, ")
            .Append(c, $"cpu {r.GatewayCpuPercentPerSession:F1}%/session ({r.GatewayCpuPercentTotal:F1}% total, {r.GatewayCpuPercentNoSessions:F1}% with none), rss {r.GatewayRssMiB:F0} MiB (+{r.GatewayRssPerSessionMiB:F1} MiB/session), ")
            .Append(c, $"xvnc {r.XvncCpuPercent:F0}%, workload {r.WorkloadCpuPercent:F0}%, clients {r.ClientCpuPercent:F0}%, latency p50 {Ms(r.LatencyP50Ms)} p95 {Ms(r.LatencyP95Ms)} ({r.LatencySamples} samples, {r.LatencyTimeouts} timeouts), ")
            .Append(c, $"direct p50 {Ms(r.DirectLatencyP50Ms)} p95 {Ms(r.DirectLatencyP95Ms)}, load {r.LoadAverageBefore:F1}/{r.LoadAverageAfter:F1}");
        if (r.Errors.Count > 0)
        {
            text.Append(", errors: ").AppendJoin("; ", r.Errors.Distinct());
        }

        return text.ToString();
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) + " ms" : "-";

    private static string Table(List<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| protocol (host) | workload | sessions | KiB/s per session | fps per session (min) | screens/s per session (min) | KiB per frame | gateway CPU ms per frame | gateway CPU % per session (total; with no session) | RSS MiB (per session) | Xvnc CPU % | workload CPU % | clients CPU % | key-to-pixel p50 / p95 ms | direct p50 / p95 ms | images | load avg |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in results)
        {
            string images = r.Images.Count == 0 ? "-" : string.Join(" ", r.Images.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key.Replace("image/", string.Empty, StringComparison.Ordinal)}:{p.Value}"));
            var c = CultureInfo.InvariantCulture;
            text.Append(c, $"| {r.Protocol} ({r.Host}) | {r.Workload} | {r.Sessions} | {r.BytesPerSecondPerSession / 1024:F1} | {r.FramesPerSecondPerSession:F1} ({r.FramesPerSecondMinSession:F1}) | {r.ScreensPerSecondPerSession:F1} ({r.ScreensPerSecondMinSession:F1}) | {r.BytesPerFrame / 1024:F1} | {r.GatewayCpuMsPerFrame:F2} | ")
                .Append(c, $"{r.GatewayCpuPercentPerSession:F1} ({r.GatewayCpuPercentTotal:F1}; {r.GatewayCpuPercentNoSessions:F1}) | {r.GatewayRssMiB:F0} ({r.GatewayRssPerSessionMiB:+0.0;-0.0}) | {r.XvncCpuPercent:F0} | {r.WorkloadCpuPercent:F0} | {r.ClientCpuPercent:F0} | ")
                .Append(c, $"{Pair(r.LatencyP50Ms, r.LatencyP95Ms)} | {Pair(r.DirectLatencyP50Ms, r.DirectLatencyP95Ms)} | {images} | {r.LoadAverageBefore:F1}/{r.LoadAverageAfter:F1} |")
                .AppendLine();
            if (r.Errors.Count > 0)
            {
                text.AppendLine("|   | errors: " + string.Join("; ", r.Errors.Distinct()) + " ||||||||||||||||");
            }
        }

        return text.ToString();
    }

    private static string Pair(double? a, double? b) =>
        a is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{a:F1} / {b:F1}");
}
