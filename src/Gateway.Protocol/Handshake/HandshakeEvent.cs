namespace Gateway.Protocol.Handshake;

/// <summary>What one received instruction did to a <see cref="ServerHandshake"/>.</summary>
public enum HandshakeEvent
{
    /// <summary>Recorded (or ignored); keep reading.</summary>
    None,

    /// <summary><c>select</c> arrived: resolve <see cref="ServerHandshake.Selected"/> and call <see cref="ServerHandshake.WriteArgs"/>.</summary>
    Selected,

    /// <summary><c>connect</c> arrived: the handshake is complete.</summary>
    Completed,

    /// <summary>The handshake failed; see <see cref="ServerHandshake.Error"/>.</summary>
    Failed,
}
