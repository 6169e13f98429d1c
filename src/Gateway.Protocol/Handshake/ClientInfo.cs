namespace Gateway.Protocol.Handshake;

/// <summary>
/// What a client said about itself in the handshake (or, for the browser tunnels, in the
/// <c>GUAC_*</c> query parameters): screen size, DPI, accepted media types, time zone, name, version.
/// </summary>
public sealed record ClientInfo
{
    /// <summary>Largest display dimension accepted (GUAC_DISPLAY_MAX_*).</summary>
    public const int MaxDimension = 8192;

    public int Width { get; init; } = 1024;

    public int Height { get; init; } = 768;

    public int Dpi { get; init; } = 96;

    public IReadOnlyList<string> AudioMimetypes { get; init; } = [];

    public IReadOnlyList<string> VideoMimetypes { get; init; } = [];

    public IReadOnlyList<string> ImageMimetypes { get; init; } = [];

    public string? Timezone { get; init; }

    public string? Name { get; init; }

    public ProtocolVersion Version { get; init; } = ProtocolVersions.Latest;

    /// <summary>Clamps a requested dimension into 1..<see cref="MaxDimension"/>.</summary>
    public static int ClampDimension(int value) => Math.Clamp(value, 1, MaxDimension);

    /// <summary>Clamps a requested DPI into a sane range.</summary>
    public static int ClampDpi(int value) => Math.Clamp(value, 24, 1200);
}
