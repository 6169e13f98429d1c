using System.Diagnostics;
using System.Globalization;

namespace Gateway.Bench;

/// <summary>
/// The gateway under test as a separate process (Gateway.Server.dll, or this tool in `host` mode) on a free loopback
/// port with a temporary data directory and a token key of our own; stopped by its process id.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private GatewayProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        _dataDirectory = dataDirectory;
    }

    public int Pid => _process.Id;

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Which process this is: <c>server</c> (Gateway.Server.dll) or <c>bench</c> (this tool's host mode).</summary>
    public string Kind { get; private set; } = "server";

    /// <summary>
    /// Starts the gateway. With <c>--host auto</c> and a protocol other than test-pattern, Gateway.Server.dll is tried
    /// first; if it does not offer the protocol (no registration yet), the bench host takes its place.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(BenchOptions options, string tokenKey, CancellationToken cancellationToken)
    {
        if (options.UseBenchHost || options.Host == "server")
        {
            return await StartAsync(options, tokenKey, options.UseBenchHost, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await StartAsync(options, tokenKey, benchHost: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolNotOfferedException ex)
        {
            Console.Error.WriteLine($"  {ex.Message}: using the bench host (same GatewayHost, back ends registered by this tool)");
            return await StartAsync(options, tokenKey, benchHost: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<GatewayProcess> StartAsync(BenchOptions options, string tokenKey, bool benchHost, CancellationToken cancellationToken)
    {
        int port = FreePort.Next();
        string data = Path.Combine(Path.GetTempPath(), "gateway-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        ProcessStartInfo info;
        if (benchHost)
        {
            string self = typeof(GatewayProcess).Assembly.Location;
            info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(self)! };
            info.ArgumentList.Add(self);
            info.ArgumentList.Add("host");
            // Gateway.Server (Web SDK) runs with the server GC; keep the host mode comparable.
            info.Environment["DOTNET_gcServer"] = "1";
        }
        else
        {
            string dll = options.ServerDll ?? Path.Combine(RepositoryRoot(), "src", "Gateway.Server", "bin", "Release", "net10.0", "Gateway.Server.dll");
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"no gateway at {dll}: run `dotnet build -c Release src/Gateway.Server` or pass --server-dll");
            }

            info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))! };
            info.ArgumentList.Add(Path.GetFullPath(dll));
        }

        foreach (string arg in new[]
                 {
                     "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                     "--Gateway:DataDirectory", data,
                     "--Gateway:Guacd:Endpoint", "127.0.0.1:0",
                     "--Logging:LogLevel:Default", "Warning",
                     "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        // The key travels in the environment, not on the command line (visible in the process list).
        info.Environment["Gateway__Tokens__Key"] = tokenKey;
        if (options.Gc != "default")
        {
            info.Environment["DOTNET_gcServer"] = options.Gc == "server" ? "1" : "0";
        }

        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("the gateway did not start");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, port, data) { Kind = benchHost ? "bench" : "server" };
        try
        {
            string protocols = await gateway.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            if (!protocols.Split(',').Contains(options.Protocol, StringComparer.Ordinal))
            {
                throw new ProtocolNotOfferedException($"{(benchHost ? "the bench host" : "Gateway.Server.dll")} does not offer {options.Protocol} (it offers: {protocols})");
            }
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return gateway;
    }

    /// <summary>The directory holding Gateway.sln, found by walking up from this tool's binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no Gateway.sln above " + AppContext.BaseDirectory);
    }

    public double CpuSeconds() => ProcessStats.CpuSeconds(Pid);

    public long RssBytes() => ProcessStats.RssBytes(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine("  [gateway] " + line);
        }
    }

    /// <summary>Polls /readyz until the gateway answers; returns its comma-separated protocol list.</summary>
    private async Task<string> WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with code {_process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "readyz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    Console.Error.WriteLine("  gateway pid " + Pid.ToString(CultureInfo.InvariantCulture) + " " + text.Trim());
                    int at = text.IndexOf("protocols:", StringComparison.Ordinal);
                    return at < 0 ? string.Empty : text[(at + "protocols:".Length)..].Trim();
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("the gateway was not ready within 60 s");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
