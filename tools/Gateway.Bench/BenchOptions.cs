using System.Globalization;

namespace Gateway.Bench;

/// <summary>The driver's command line.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: Gateway.Bench [options]
          --workload scroll|animation|idle|latency   (repeatable or comma list; default idle,latency)
          --sessions 1,4,16                          session counts per workload (default 1,4,16)
          --seconds 20                               measurement window per scenario (default 20)
          --warmup 15                                seconds one warm-up session runs the workload first (default 15)
          --protocol vnc|test-pattern                back end the sessions open (default vnc)
          --host auto|server|bench                   gateway process: Gateway.Server.dll, or this tool's `host`
                                                     mode (same GatewayHost plus test-pattern); auto =
                                                     bench for test-pattern, else server unless it lacks the protocol
          --server-dll PATH                          Gateway.Server.dll (default: src/Gateway.Server/bin/Release/...)
          --gc default|server|workstation            GC of the gateway process (default: as the product ships)
          --rate 400                                 scroll workload lines per second
          --fps 10                                   animation workload frames per second
          --width 1280 --height 800                  desktop size
          --direct                                   latency also straight to Xvnc over RFB (no gateway)
          --vnc-param name=value                     extra connection parameter (repeatable)
          --json PATH                                also write the results as JSON
        other entry points: `host <gateway args>` and `animate --display N --fps F --width W --height H`
        """;

    public List<string> Workloads { get; } = [];

    public List<int> Sessions { get; } = [];

    public int Seconds { get; private set; } = 20;

    /// <summary>
    /// How long the warm-up session runs the workload (typing, for <c>latency</c>) before anything is measured: long
    /// enough for the runtime's tiered JIT to recompile the hot paths (30 calls, then a background compile), so a
    /// one-off per process is not charged to the sessions.
    /// </summary>
    public int Warmup { get; private set; } = 15;

    public string Protocol { get; private set; } = "vnc";

    public string Host { get; private set; } = "auto";

    public string? ServerDll { get; private set; }

    public string Gc { get; private set; } = "default";

    public int Rate { get; private set; } = 400;

    public int Fps { get; private set; } = 10;

    public int Width { get; private set; } = 1280;

    public int Height { get; private set; } = 800;

    public bool Direct { get; private set; }

    public Dictionary<string, string> ExtraParameters { get; } = new(StringComparer.Ordinal);

    public string? JsonPath { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Whether the gateway process is this tool's host mode rather than Gateway.Server.dll.</summary>
    public bool UseBenchHost => Host == "bench" || (Host == "auto" && Protocol == "test-pattern");

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "--workload":
                    foreach (string w in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (w is not ("scroll" or "animation" or "idle" or "latency"))
                        {
                            throw new ArgumentException($"unknown workload {w}");
                        }

                        o.Workloads.Add(w);
                    }

                    break;
                case "--sessions":
                    foreach (string s in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        o.Sessions.Add(Bounded(s, arg, 1, 256));
                    }

                    break;
                case "--seconds":
                    o.Seconds = Bounded(Next(), arg, 1, 3600);
                    break;
                case "--warmup":
                    o.Warmup = Bounded(Next(), arg, 0, 3600);
                    break;
                case "--protocol":
                    o.Protocol = Next();
                    break;
                case "--host":
                    o.Host = Next() is "auto" or "server" or "bench" ? args[i] : throw new ArgumentException("--host is auto, server or bench");
                    break;
                case "--server-dll":
                    o.ServerDll = Next();
                    break;
                case "--gc":
                    o.Gc = Next() is "default" or "server" or "workstation" ? args[i] : throw new ArgumentException("--gc is default, server or workstation");
                    break;
                case "--rate":
                    o.Rate = Bounded(Next(), arg, 1, 100_000);
                    break;
                case "--fps":
                    o.Fps = Bounded(Next(), arg, 1, 120);
                    break;
                case "--width":
                    o.Width = Bounded(Next(), arg, 64, 8192);
                    break;
                case "--height":
                    o.Height = Bounded(Next(), arg, 64, 8192);
                    break;
                case "--direct":
                    o.Direct = true;
                    break;
                case "--vnc-param":
                    string p = Next();
                    int eq = p.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--vnc-param needs name=value");
                    }

                    o.ExtraParameters[p[..eq]] = p[(eq + 1)..];
                    break;
                case "--json":
                    o.JsonPath = Next();
                    break;
                case "-h" or "--help":
                    o.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option {arg}");
            }
        }

        if (o.Workloads.Count == 0)
        {
            o.Workloads.AddRange(["idle", "latency"]);
        }

        if (o.Sessions.Count == 0)
        {
            o.Sessions.AddRange([1, 4, 16]);
        }

        return o;
    }

    private static int Bounded(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"{name} must be an integer from {min} to {max}");
}
