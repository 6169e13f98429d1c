namespace Gateway.EndToEnd;

/// <summary>What the stock client on a test page has reported so far (see <c>gw.snapshot()</c> in page.html).</summary>
public sealed record PageSnapshot
{
    /// <summary>Guacamole.Client.State values.</summary>
    public const int Idle = 0;
    public const int Connecting = 1;
    public const int Waiting = 2;
    public const int Connected = 3;
    public const int Disconnecting = 4;
    public const int Disconnected = 5;

    public string Kind { get; init; } = "";

    public IReadOnlyList<int> States { get; init; } = [];

    public int? State { get; init; }

    public IReadOnlyList<ReportedStatus> Errors { get; init; } = [];

    public IReadOnlyList<int> TunnelStates { get; init; } = [];

    public IReadOnlyList<ReportedStatus> TunnelErrors { get; init; } = [];

    public IReadOnlyList<ClipboardText> Clipboard { get; init; } = [];

    public string? Uuid { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public IReadOnlyList<string> Received { get; init; } = [];

    public IReadOnlyList<string> Sent { get; init; } = [];

    public IReadOnlyList<string> Exceptions { get; init; } = [];
}
