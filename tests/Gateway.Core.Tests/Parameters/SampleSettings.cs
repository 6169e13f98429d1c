using Gateway.Core.Parameters;

namespace Gateway.Core.Tests.Parameters;

/// <summary>A settings type shaped like a real back end's, declared out of alphabetical order on purpose.</summary>
public sealed class SampleSettings
{
    [GuacamoleParameter("hostname", Description = "the remote host")]
    public string? Hostname { get; set; }

    [GuacamoleParameter("port", Default = "5900", Min = 1, Max = 65535)]
    public int Port { get; set; }

    [GuacamoleParameter("password", Secret = true)]
    public string? Password { get; set; }

    [GuacamoleParameter("read-only", Default = "false")]
    public bool ReadOnly { get; set; }

    [GuacamoleParameter("resize-method", Default = "")]
    public SampleResizeMethod ResizeMethod { get; set; }

    [GuacamoleParameter("scale", Default = "1", Min = 0.25, Max = 4)]
    public double Scale { get; set; }

    [GuacamoleParameter("color-depth")]
    public int? ColorDepth { get; set; }

    [GuacamoleParameter("timeout", Default = "10000", Min = 0)]
    public long Timeout { get; set; }

    /// <summary>Not a parameter: no attribute.</summary>
    public string Unrelated { get; set; } = "untouched";

    [GuacamoleParameter("label", Max = 8)]
    public string? Label { get; set; }

    [GuacamoleParameter("private-key", Secret = true)]
    public string? PrivateKey { get; set; }

    [GuacamoleParameter("enable-audio")]
    public bool? EnableAudio { get; set; }
}
