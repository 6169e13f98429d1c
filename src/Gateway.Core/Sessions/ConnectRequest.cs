using Gateway.Protocol.Handshake;

namespace Gateway.Core.Sessions;

/// <summary>
/// A user asking to start a connection (<see cref="Selected"/> is a protocol name) or to join a live one
/// (<see cref="Selected"/> is a <c>$</c>-prefixed connection id). The same shape whichever tunnel it came through.
/// </summary>
public sealed record ConnectRequest
{
    /// <summary>A protocol name, or <c>$id</c> to join.</summary>
    public required string Selected { get; init; }

    /// <summary>Parameter values by Guacamole name. May hold secrets: never log it whole.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    /// <summary>What the client said about itself.</summary>
    public ClientInfo Client { get; init; } = new();

    /// <summary>Forces the user read-only whatever the arguments say.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>True when <see cref="Selected"/> names a live connection to join.</summary>
    public bool IsJoin => Selected.Length > 0 && Selected[0] == '$';

    public override string ToString() => $"ConnectRequest {{ Selected = {Selected}, ReadOnly = {ReadOnly} }}";
}
