namespace Gateway.Bench;

/// <summary>The figures of one scenario (workload × session count); per-session values are means over the sessions.</summary>
internal sealed class ScenarioResult
{
    public required string Protocol { get; init; }

    public required string Workload { get; init; }

    public required int Sessions { get; init; }

    /// <summary>The gateway process: <c>server</c> (Gateway.Server.dll) or <c>bench</c> (the tool's host mode).</summary>
    public string Host { get; set; } = string.Empty;

    public double Seconds { get; set; }

    public double LoadAverageBefore { get; set; }

    public double LoadAverageAfter { get; set; }

    public double BytesPerSecondPerSession { get; set; }

    public double FramesPerSecondPerSession { get; set; }

    public double FramesPerSecondMinSession { get; set; }

    /// <summary>
    /// Image area received per second, in whole screens (from each image's PNG/JPEG/WebP header), averaged over the
    /// sessions, and the lowest session's: a full-screen animation at F frames/s delivered whole gives about F,
    /// however the back end and the gateway split its frames.
    /// </summary>
    public double ScreensPerSecondPerSession { get; set; }

    public double ScreensPerSecondMinSession { get; set; }

    /// <summary>Bytes per delivered frame: load-independent where fps is not.</summary>
    public double BytesPerFrame { get; set; }

    /// <summary>Gateway CPU milliseconds per delivered frame (all sessions' frames): load-independent where CPU % is not.</summary>
    public double GatewayCpuMsPerFrame { get; set; }

    public double GatewayCpuPercentTotal { get; set; }

    /// <summary>(total − with no session) / sessions: what each session adds.</summary>
    public double GatewayCpuPercentPerSession { get; set; }

    /// <summary>The gateway process with no session open (after a warm-up session), over 3 s.</summary>
    public double GatewayCpuPercentNoSessions { get; set; }

    public double GatewayRssBaselineMiB { get; set; }

    public double GatewayRssMiB { get; set; }

    public double GatewayRssPerSessionMiB { get; set; }

    public double XvncCpuPercent { get; set; }

    public double WorkloadCpuPercent { get; set; }

    /// <summary>This tool's own CPU (all clients together), to show the clients were not the bottleneck.</summary>
    public double ClientCpuPercent { get; set; }

    public int LatencySamples { get; set; }

    public int LatencyTimeouts { get; set; }

    public double? LatencyP50Ms { get; set; }

    public double? LatencyP95Ms { get; set; }

    public double? DirectLatencyP50Ms { get; set; }

    public double? DirectLatencyP95Ms { get; set; }

    public Dictionary<string, long> Images { get; set; } = [];

    public List<string> Errors { get; } = [];
}
