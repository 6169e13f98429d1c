using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Servers;

/// <summary>
/// A TigerVNC <c>Xvnc</c> started for one test class on a free display and a free loopback port, stopped by its
/// process id. Missing binaries are a failure, never a skip (the suite's install step provides them).
/// </summary>
public sealed class XvncServer : IAsyncDisposable
{
    private readonly Process _process;

    private XvncServer(Process process, int display, int port)
    {
        _process = process;
        Display = display;
        Port = port;
    }

    /// <summary>The X display number (for DISPLAY=:n).</summary>
    public int Display { get; }

    /// <summary>The RFB port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts Xvnc with <paramref name="extraArguments"/> (e.g. <c>-SecurityTypes None</c>) and waits until it is ready,
    /// on <paramref name="port"/> when given (a restarted server taking over its predecessor's port), else a free one.
    /// </summary>
    public static async Task<XvncServer> StartAsync(int width, int height, IEnumerable<string> extraArguments, int? port = null, CancellationToken cancellationToken = default)
    {
        int rfbPort = port ?? FreePort.Next();
        var info = new ProcessStartInfo("Xvnc")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
                 {
                     "-displayfd", "1", "-geometry", $"{width}x{height}", "-depth", "24",
                     "-rfbport", rfbPort.ToString(CultureInfo.InvariantCulture), "-interface", "127.0.0.1",
                     "-nolisten", "tcp", "-AlwaysShared", "-desktop", "gateway-test",
                 }.Concat(extraArguments))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Xvnc did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int display))
        {
            process.Kill();
            throw new InvalidOperationException($"Xvnc exited before reporting its display (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }

        var server = new XvncServer(process, display, rfbPort);
        await server.WaitForPortAsync(timeout.Token);
        return server;
    }

    /// <summary>Runs an X client (xsetroot, xwud, xterm…) on this display; the caller disposes or waits for it.</summary>
    public Process StartClient(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["DISPLAY"] = ":" + Display.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the server (as a crash would) without waiting for anything else.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitForPortAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
