namespace Gateway.Protocol.Handshake;

/// <summary>Where a <see cref="ServerHandshake"/> is.</summary>
public enum HandshakePhase
{
    /// <summary>Waiting for the first instruction, which must be <c>select</c>.</summary>
    AwaitingSelect,

    /// <summary><c>select</c> arrived; the server must answer with <c>args</c>.</summary>
    Selected,

    /// <summary><c>args</c> was sent; collecting <c>size</c>, <c>audio</c>, … until <c>connect</c>.</summary>
    AwaitingConnect,

    /// <summary><c>connect</c> arrived with the right number of values.</summary>
    Completed,

    /// <summary>The client broke the handshake; see <see cref="ServerHandshake.Error"/>.</summary>
    Failed,
}
