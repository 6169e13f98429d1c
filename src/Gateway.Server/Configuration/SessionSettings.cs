namespace Gateway.Server.Configuration;

/// <summary>Session timings and limits (section <c>Gateway:Session</c>), mapped onto <c>SessionOptions</c>.</summary>
public sealed class SessionSettings
{
    public const string SectionName = "Gateway:Session";

    public double KeepAliveSeconds { get; set; } = 5;

    public double IdleTimeoutSeconds { get; set; } = 15;

    public double HandshakeTimeoutSeconds { get; set; } = 15;

    public long MaxOutboundBytes { get; set; } = 16 * 1024 * 1024;

    public int MaxClipboardBytes { get; set; } = 256 * 1024;

    public int MaxStreamsPerUser { get; set; } = 512;
}
