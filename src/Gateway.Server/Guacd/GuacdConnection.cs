using System.Buffers;
using System.IO.Pipelines;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;

namespace Gateway.Server.Guacd;

/// <summary>
/// One connection to the guacd-compatible listener: the raw Guacamole handshake exactly as guacd runs it
/// (<c>select</c>, <c>args</c>, options, <c>connect</c>, <c>ready</c>), then the session.
/// </summary>
internal static class GuacdConnection
{
    public static async Task<(ConnectRequest? Request, ProtocolError? Error)> HandshakeAsync(
        StreamTransport transport, SessionManager sessions, CancellationToken cancellationToken)
    {
        var time = sessions.Time;
        var handshake = new ServerHandshake(time.GetUtcNow().ToUnixTimeMilliseconds(), sessions.Options.HandshakeTimeout);
        var parser = new InstructionParser(sessions.Options.Limits);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sessions.Options.HandshakeTimeout);
        var input = transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                HandshakeEvent evt = HandshakeEvent.None;
                ProtocolError? parseError = null;
                bool needMore = false;
                while (evt is HandshakeEvent.None)
                {
                    var status = parser.TryRead(ref buffer, out var instruction);
                    if (status == ParseResult.NeedMoreData)
                    {
                        needMore = true;
                        break;
                    }

                    if (status == ParseResult.Error)
                    {
                        parseError = parser.Error;
                        break;
                    }

                    evt = handshake.Receive(instruction);
                }

                // Only mark everything examined when more bytes are needed: bytes left after select or
                // connect must be seen again by the next read (the session's, after connect).
                input.AdvanceTo(buffer.Start, needMore ? buffer.End : buffer.Start);
                if (parseError is { } pe)
                {
                    return (null, pe);
                }

                switch (evt)
                {
                    case HandshakeEvent.Failed:
                        return (null, handshake.Error);
                    case HandshakeEvent.Selected:
                    {
                        if (!sessions.TryGetParameterNames(handshake.Selected!, out var names, out var refusal))
                        {
                            return (null, refusal);
                        }

                        var args = new ArrayBufferWriter<byte>();
                        handshake.WriteArgs(args, names);
                        await transport.SendAsync(args.WrittenMemory, timeout.Token).ConfigureAwait(false);

                        // Instructions after select may already be buffered: parse them before reading more.
                        continue;
                    }

                    case HandshakeEvent.Completed:
                        return (new ConnectRequest
                        {
                            Selected = handshake.Selected!,
                            Arguments = handshake.Arguments,
                            Client = handshake.Client,
                        }, null);
                }

                if (result.IsCompleted && needMore)
                {
                    return (null, new ProtocolError(GuacamoleStatus.ClientBadRequest, "connection closed during the handshake"));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ProtocolError(GuacamoleStatus.ClientTimeout, "handshake timed out"));
        }
    }

    /// <summary>Writes an <c>error</c> instruction directly on a transport that has no session.</summary>
    public static async Task SendErrorAsync(StreamTransport transport, ProtocolError error, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ServerHandshake.WriteError(buffer, error);
        try
        {
            await transport.SendAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
