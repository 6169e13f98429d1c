using System.Diagnostics;
using System.Globalization;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>Runs X clients (xsetroot, xwud, xterm, xclip) on a display; processes are stopped by their own id.</summary>
public sealed class XClients(int display) : IDisposable
{
    private readonly List<Process> _started = [];

    public Process Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["DISPLAY"] = ":" + display.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        _started.Add(process);
        return process;
    }

    /// <summary>Runs a client to completion and returns its standard output (bounded wait).</summary>
    public async Task<string> RunAsync(string fileName, string? input, params string[] arguments)
    {
        var process = Start(fileName, arguments);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        return await output;
    }

    public void Dispose()
    {
        foreach (var p in _started)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            p.Dispose();
        }
    }
}
