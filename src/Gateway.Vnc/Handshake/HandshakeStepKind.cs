namespace Gateway.Vnc.Handshake;

/// <summary>What <see cref="RfbHandshake.Advance"/> wants the driver to do next.</summary>
public enum HandshakeStepKind
{
    /// <summary>Send what was written to the output (if anything), read more bytes and call Advance again.</summary>
    NeedMoreData,

    /// <summary>
    /// Send what was written, then upgrade the stream to TLS of <see cref="HandshakeStep.Tls"/> kind (see
    /// <see cref="Security.VncTls"/>), call <see cref="RfbHandshake.TlsEstablished"/> and continue with Advance over the
    /// TLS stream's bytes.
    /// </summary>
    StartTls,

    /// <summary>
    /// The chosen security type needs <see cref="HandshakeStep.Credentials"/> that the options lack: ask the owner
    /// (<c>required</c>), then call <see cref="RfbHandshake.ProvideCredentials"/> and Advance again.
    /// </summary>
    NeedCredentials,

    /// <summary>Send what was written (ClientInit); the handshake is over, <see cref="HandshakeStep.ServerInit"/> is set.</summary>
    Complete,

    /// <summary>The connection cannot go on: end it with <see cref="HandshakeStep.Status"/> and <see cref="HandshakeStep.Message"/>.</summary>
    Failed,
}
