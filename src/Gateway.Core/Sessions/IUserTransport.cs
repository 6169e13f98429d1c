using System.IO.Pipelines;
using Gateway.Protocol;

namespace Gateway.Core.Sessions;

/// <summary>
/// How one user's bytes travel: a WebSocket, an HTTP tunnel, or a guacd-style TCP socket. The session
/// reads instructions from <see cref="Input"/> and hands batches of whole instructions to
/// <see cref="SendAsync"/>, never concurrently.
/// </summary>
public interface IUserTransport
{
    /// <summary>Bytes from the user; completes when the user goes away.</summary>
    PipeReader Input { get; }

    /// <summary>Sends one batch of whole, encoded instructions.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the transport after everything queued was sent. <paramref name="status"/> is why (SUCCESS for a
    /// normal end); a WebSocket uses it as the close reason and to pick the close code.
    /// </summary>
    ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken);
}
