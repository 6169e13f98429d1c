using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gateway.Bench;

/// <summary>
/// A TigerVNC Xvnc on a free display and loopback port (no VNC password) with one repeatable workload running in it:
/// <list type="bullet">
/// <item>idle / latency: a solid background and an 80×24 xterm at the top left running <c>cat</c> (typed keys echo)</item>
/// <item>scroll: a full-screen xterm printing numbered lines at a fixed rate (a Perl loop that paces itself against
/// the clock, so the rate does not drift)</item>
/// <item>animation: this tool's <c>animate</c> mode drawing full-screen frames with X11 PutImage</item>
/// </list>
/// Everything is stopped by process id.
/// </summary>
internal sealed class XvncDesktop : IAsyncDisposable
{
    private readonly Process _xvnc;
    private readonly List<Process> _clients = [];

    private XvncDesktop(Process xvnc, int display, int port)
    {
        _xvnc = xvnc;
        Display = display;
        Port = port;
    }

    public int Display { get; }

    public int Port { get; }

    public int XvncPid => _xvnc.Id;

    /// <summary>CPU seconds used by the workload processes (and their children) so far.</summary>
    public double WorkloadCpuSeconds() => _clients.Sum(c => ProcessStats.TreeCpuSeconds(c.Id));

    public double XvncCpuSeconds() => ProcessStats.CpuSeconds(_xvnc.Id);

    public static async Task<XvncDesktop> StartAsync(string workload, BenchOptions options, CancellationToken cancellationToken)
    {
        int port = FreePort.Next();
        var info = new ProcessStartInfo("Xvnc") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[]
                 {
                     "-displayfd", "1", "-geometry", $"{options.Width}x{options.Height}", "-depth", "24",
                     "-rfbport", port.ToString(CultureInfo.InvariantCulture), "-interface", "127.0.0.1",
                     "-SecurityTypes", "None", "-nolisten", "tcp", "-AlwaysShared", "-desktop", "gateway-bench",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Xvnc did not start (is tigervnc-standalone-server installed?)");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        if (line is null || !int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int display))
        {
            process.Kill();
            throw new InvalidOperationException("Xvnc exited before reporting its display");
        }

        var desktop = new XvncDesktop(process, display, port);
        try
        {
            await desktop.WaitForPortAsync(timeout.Token).ConfigureAwait(false);
            await desktop.StartWorkloadAsync(workload, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await desktop.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return desktop;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await StopAsync(client).ConfigureAwait(false);
        }

        await StopAsync(_xvnc).ConfigureAwait(false);
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private async Task StartWorkloadAsync(string workload, BenchOptions options, CancellationToken cancellationToken)
    {
        using (var root = StartClient("xsetroot", "-solid", "#336699"))
        {
            await root.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        switch (workload)
        {
            case "idle":
            case "latency":
                _clients.Add(StartClient("xterm", "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "80x24+0+0", "-bg", "black", "-fg", "white", "-e", "cat"));
                break;
            case "scroll":
            {
                // A DejaVu Sans Mono 11 cell is 9×18 pixels at Xvnc's 96 dpi (measured with xwininfo): fill the screen.
                int columns = Math.Max(20, (options.Width - 4) / 9);
                int rows = Math.Max(5, (options.Height - 4) / 18);
                int batch = Math.Max(1, options.Rate / 20);
                string filler = new('x', Math.Max(0, Math.Min(80, columns - 60)));
                string script =
                    "use Time::HiRes qw(time sleep); my $r = " + options.Rate.ToString(CultureInfo.InvariantCulture) +
                    "; my $b = " + batch.ToString(CultureInfo.InvariantCulture) + "; my $t0 = time; my $n = 0; " +
                    "while (1) { my $s = ''; for (1 .. $b) { $n++; $s .= sprintf(\"%08d the quick brown fox jumps over the lazy dog " + filler + "\\n\", $n); } " +
                    "syswrite(STDOUT, $s); my $d = $t0 + $n / $r - time; sleep($d) if $d > 0; }";
                _clients.Add(StartClient(
                    "xterm", "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", $"{columns}x{rows}+0+0",
                    "-bg", "black", "-fg", "white", "-sl", "0", "-e", "perl", "-e", script));
                break;
            }

            case "animation":
            {
                string self = typeof(XvncDesktop).Assembly.Location;
                _clients.Add(StartClient(
                    "dotnet", self, "animate", "--display", Display.ToString(CultureInfo.InvariantCulture),
                    "--fps", options.Fps.ToString(CultureInfo.InvariantCulture),
                    "--width", options.Width.ToString(CultureInfo.InvariantCulture),
                    "--height", options.Height.ToString(CultureInfo.InvariantCulture)));
                break;
            }

            default:
                throw new ArgumentException($"unknown workload {workload}", nameof(workload));
        }

        // Let the client map its window and settle (the animation precomputes its frames first).
        await Task.Delay(TimeSpan.FromSeconds(workload == "animation" ? 3 : 1), cancellationToken).ConfigureAwait(false);
        foreach (var client in _clients)
        {
            if (client.HasExited)
            {
                throw new InvalidOperationException($"workload process exited early with code {client.ExitCode}");
            }
        }
    }

    private Process StartClient(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["DISPLAY"] = ":" + Display.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"  [{fileName}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitForPortAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
