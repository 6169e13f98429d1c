using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Servers;

/// <summary>
/// An Xvfb on a free display with x11vnc serving it on a free loopback port, both stopped by process id. Missing
/// binaries are a failure, never a skip.
/// </summary>
public sealed class X11vncServer : IAsyncDisposable
{
    private readonly Process _xvfb;
    private readonly Process _x11vnc;

    private X11vncServer(Process xvfb, Process x11vnc, int display, int port)
    {
        _xvfb = xvfb;
        _x11vnc = x11vnc;
        Display = display;
        Port = port;
    }

    /// <summary>The X display number of the Xvfb.</summary>
    public int Display { get; }

    /// <summary>The RFB port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts Xvfb and x11vnc with <paramref name="authArguments"/> (e.g. <c>-rfbauth file</c> or <c>-nopw</c>).</summary>
    public static async Task<X11vncServer> StartAsync(int width, int height, IEnumerable<string> authArguments, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var xvfbInfo = new ProcessStartInfo("Xvfb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-displayfd", "1", "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp" })
        {
            xvfbInfo.ArgumentList.Add(arg);
        }

        var xvfb = Process.Start(xvfbInfo) ?? throw new InvalidOperationException("Xvfb did not start");
        xvfb.ErrorDataReceived += (_, _) => { };
        xvfb.BeginErrorReadLine();
        string? line = await xvfb.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int display))
        {
            xvfb.Kill();
            throw new InvalidOperationException("Xvfb exited before reporting its display");
        }

        int port = FreePort.Next();
        var info = new ProcessStartInfo("x11vnc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[]
                 {
                     "-display", ":" + display.ToString(CultureInfo.InvariantCulture), "-rfbport", port.ToString(CultureInfo.InvariantCulture),
                     "-listen", "127.0.0.1", "-noipv6", "-forever", "-shared", "-quiet", "-desktop", "gateway-test",
                 }.Concat(authArguments))
        {
            info.ArgumentList.Add(arg);
        }

        var x11vnc = Process.Start(info) ?? throw new InvalidOperationException("x11vnc did not start");
        x11vnc.OutputDataReceived += (_, _) => { };
        x11vnc.ErrorDataReceived += (_, _) => { };
        x11vnc.BeginOutputReadLine();
        x11vnc.BeginErrorReadLine();
        var server = new X11vncServer(xvfb, x11vnc, display, port);
        try
        {
            await server.WaitForPortAsync(timeout.Token);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process process in new[] { _x11vnc, _xvfb })
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private async Task WaitForPortAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_x11vnc.HasExited)
            {
                throw new InvalidOperationException($"x11vnc exited with code {_x11vnc.ExitCode}");
            }

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
