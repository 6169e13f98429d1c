using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Gateway.Core.Backends;
using Gateway.Core.Streams;
using Gateway.Protocol;

namespace Gateway.Core.Sessions;

/// <summary>The input half of a user: reading, decoding and dispatching instructions, and inbound streams.</summary>
public sealed partial class SessionUser
{
    private readonly Dictionary<int, InboundStream> _streams = [];
    private readonly byte[] _blob = new byte[6144 + 16];

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var input = _transport.Input;
        var parser = new InstructionParser(Session.Options.Limits);
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    InputEvent evt;
                    var status = parser.TryRead(ref buffer, out var instruction);
                    if (status == ParseResult.NeedMoreData)
                    {
                        break;
                    }

                    if (status == ParseResult.Error)
                    {
                        throw new GuacamoleProtocolException(parser.Error!.Value);
                    }

                    evt = Decode(instruction);
                    Volatile.Write(ref _lastInput, Session.Now);
                    if (evt.Kind == InputKind.Disconnect)
                    {
                        return;
                    }

                    if (evt.Kind != InputKind.Ignore)
                    {
                        await DispatchAsync(evt).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                if (parser.HasPartialInstruction)
                {
                    throw new GuacamoleProtocolException(GuacamoleStatus.ClientBadRequest, "connection closed in the middle of an instruction");
                }

                return;
            }
        }
    }

    private InputEvent Decode(in InstructionView ins)
    {
        var evt = default(InputEvent);
        var op = ins.Opcode;
        if (ins.IsInternal)
        {
            if (ins.ArgCount >= 2 && ins.Arg(0).SequenceEqual("ping"u8))
            {
                evt.Kind = InputKind.Ping;
                evt.Text1 = ins.GetString(1);
            }

            return evt;
        }

        switch (op.Length > 0 ? op[0] : (byte)0)
        {
            case (byte)'a' when ins.Is("ack"u8):
                Require(ins.ArgCount >= 3 && ins.TryGetInt32(0, out evt.A) && ins.TryGetInt32(2, out evt.B), "ack needs a stream, a message and a status");
                evt.Text1 = ins.GetString(1);
                evt.Kind = InputKind.Ack;
                return evt;
            case (byte)'a' when ins.Is("argv"u8):
                return OpenStream(ins, StreamKind.Argv, 3, "argv needs a stream, a mimetype and a name");
            case (byte)'a' when ins.Is("audio"u8):
                return OpenStream(ins, StreamKind.Audio, 2, "audio needs a stream and a mimetype");
            case (byte)'b' when ins.Is("blob"u8):
            {
                Require(ins.ArgCount >= 2 && ins.TryGetInt32(0, out evt.A), "blob needs a stream and data");
                var data = ins.Arg(1);
                if (data.Length > 8192 || Base64.DecodeFromUtf8(data, _blob, out _, out int written) != OperationStatus.Done)
                {
                    evt.Kind = InputKind.Blob;
                    evt.DataLength = -1;
                    return evt;
                }

                evt.Kind = InputKind.Blob;
                evt.DataLength = written;
                return evt;
            }

            case (byte)'c' when ins.Is("clipboard"u8):
                return OpenStream(ins, StreamKind.Clipboard, 2, "clipboard needs a stream and a mimetype");
            case (byte)'d' when ins.Is("disconnect"u8):
                evt.Kind = InputKind.Disconnect;
                return evt;
            case (byte)'e' when ins.Is("end"u8):
                Require(ins.ArgCount >= 1 && ins.TryGetInt32(0, out evt.A), "end needs a stream");
                evt.Kind = InputKind.End;
                return evt;
            case (byte)'f' when ins.Is("file"u8):
                return OpenStream(ins, StreamKind.File, 3, "file needs a stream, a mimetype and a name");
            case (byte)'k' when ins.Is("key"u8):
                Require(ins.ArgCount >= 2 && ins.TryGetInt32(0, out evt.A) && ins.TryGetInt32(1, out evt.B), "key needs a keysym and a pressed flag");
                evt.Kind = InputKind.Key;
                return evt;
            case (byte)'m' when ins.Is("mouse"u8):
                Require(ins.ArgCount >= 3 && ins.TryGetInt32(0, out evt.A) && ins.TryGetInt32(1, out evt.B) && ins.TryGetInt32(2, out evt.C), "mouse needs x, y and a button mask");
                evt.Kind = InputKind.Mouse;
                return evt;
            case (byte)'p' when ins.Is("pipe"u8):
                return OpenStream(ins, StreamKind.Pipe, 3, "pipe needs a stream, a mimetype and a name");
            case (byte)'p' when ins.Is("put"u8):
                // Objects (filesystems) are not offered yet: refuse the stream politely.
                Require(ins.ArgCount >= 4 && ins.TryGetInt32(1, out evt.A), "put needs an object, a stream, a mimetype and a name");
                evt.Kind = InputKind.OpenStream;
                evt.Stream = StreamKind.Put;
                return evt;
            case (byte)'s' when ins.Is("sync"u8):
                Require(ins.ArgCount >= 1 && ins.TryGetInt64(0, out evt.Timestamp), "sync needs a timestamp");
                evt.Kind = InputKind.Sync;
                return evt;
            case (byte)'s' when ins.Is("size"u8):
                Require(ins.ArgCount >= 2 && ins.TryGetInt32(0, out evt.A) && ins.TryGetInt32(1, out evt.B) && evt.A > 0 && evt.B > 0, "size needs a positive width and height");
                evt.C = Client.Dpi;
                if (ins.ArgCount >= 3 && (!ins.TryGetInt32(2, out evt.C) || evt.C <= 0))
                {
                    throw new GuacamoleProtocolException(GuacamoleStatus.ClientBadRequest, "size has an invalid dpi");
                }

                evt.Kind = InputKind.Size;
                return evt;
            case (byte)'t' when ins.Is("touch"u8):
                Require(
                    ins.ArgCount >= 7 && ins.TryGetInt32(0, out evt.A) && ins.TryGetInt32(1, out evt.B) && ins.TryGetInt32(2, out evt.C)
                    && ins.TryGetInt32(3, out evt.D) && ins.TryGetInt32(4, out evt.E) && ins.TryGetDouble(5, out evt.X) && ins.TryGetDouble(6, out evt.Y),
                    "touch needs an id, x, y, two radii, an angle and a force");
                evt.Kind = InputKind.Touch;
                return evt;
            default:
                // nop, and anything unknown, is ignored as guacd does.
                return evt;
        }
    }

    private static InputEvent OpenStream(in InstructionView ins, StreamKind kind, int args, string usage)
    {
        var evt = default(InputEvent);
        Require(ins.ArgCount >= args && ins.TryGetInt32(0, out evt.A), usage);
        evt.Kind = InputKind.OpenStream;
        evt.Stream = kind;
        evt.Text1 = ins.GetString(1);
        evt.Text2 = args >= 3 ? ins.GetString(2) : string.Empty;
        return evt;
    }

    private static void Require(bool condition, string usage)
    {
        if (!condition)
        {
            throw new GuacamoleProtocolException(GuacamoleStatus.ClientBadRequest, usage);
        }
    }

    private async ValueTask DispatchAsync(InputEvent evt)
    {
        switch (evt.Kind)
        {
            case InputKind.Ping:
            {
                var buffer = new ArrayBufferWriter<byte>(48);
                InstructionWriter.Start(buffer, ReadOnlySpan<byte>.Empty).Add("ping").Add(evt.Text1).End();
                Send(buffer.WrittenSpan);
                return;
            }

            case InputKind.Sync:
            {
                bool valid;
                lock (_gate)
                {
                    valid = _lag.Acknowledge(evt.Timestamp, Session.Now);
                }

                if (!valid)
                {
                    throw new GuacamoleProtocolException(GuacamoleStatus.ClientBadRequest, "sync acknowledges a frame that was never sent");
                }

                Session.OnSyncAcknowledged(this);
                return;
            }

            case InputKind.Ack:
                await Session.InvokeBackendAsync((this, evt.A, evt.Text1!, evt.B), static (b, s, ct) => b.OnAckAsync(s.Item1, s.Item2, s.Item3, s.Item4, ct)).ConfigureAwait(false);
                return;
        }

        if (IsReadOnly)
        {
            // Read-only users get no input handlers at all, as in guacd; their streams are refused.
            if (evt.Kind == InputKind.OpenStream && evt.Stream != StreamKind.Clipboard)
            {
                SendAck(evt.A, "read-only user", GuacamoleStatus.ClientForbidden);
            }

            return;
        }

        switch (evt.Kind)
        {
            case InputKind.Key:
                await Session.InvokeBackendAsync((this, evt.A, evt.B != 0), static (b, s, ct) => b.OnKeyAsync(s.Item1, s.Item2, s.Item3, ct)).ConfigureAwait(false);
                return;
            case InputKind.Mouse:
                await Session.InvokeBackendAsync((this, evt.A, evt.B, evt.C), static (b, s, ct) => b.OnMouseAsync(s.Item1, s.Item2, s.Item3, s.Item4, ct)).ConfigureAwait(false);
                return;
            case InputKind.Touch:
                var touch = new TouchEvent(evt.A, evt.B, evt.C, evt.D, evt.E, evt.X, evt.Y);
                await Session.InvokeBackendAsync((this, touch), static (b, s, ct) => b.OnTouchAsync(s.Item1, s.Item2, ct)).ConfigureAwait(false);
                return;
            case InputKind.Size:
            {
                int width = Protocol.Handshake.ClientInfo.ClampDimension(evt.A);
                int height = Protocol.Handshake.ClientInfo.ClampDimension(evt.B);
                int dpi = Protocol.Handshake.ClientInfo.ClampDpi(evt.C);
                Client = Client with { Width = width, Height = height, Dpi = dpi };
                await Session.InvokeBackendAsync((this, width, height, dpi), static (b, s, ct) => b.OnSizeAsync(s.Item1, s.Item2, s.Item3, s.Item4, ct)).ConfigureAwait(false);
                return;
            }

            case InputKind.OpenStream:
                await OpenStreamAsync(evt).ConfigureAwait(false);
                return;
            case InputKind.Blob:
                await BlobAsync(evt).ConfigureAwait(false);
                return;
            case InputKind.End:
                await EndStreamAsync(evt.A).ConfigureAwait(false);
                return;
        }
    }

    private async ValueTask OpenStreamAsync(InputEvent evt)
    {
        int index = evt.A;
        var options = Session.Options;
        if (index < 0 || index > options.MaxStreamIndex)
        {
            throw new GuacamoleProtocolException(GuacamoleStatus.ClientBadRequest, "stream index out of range");
        }

        if (_streams.Remove(index, out var previous))
        {
            await AbortStreamAsync(previous).ConfigureAwait(false);
        }

        if (evt.Stream == StreamKind.Put)
        {
            SendAck(index, "objects are not supported", GuacamoleStatus.Unsupported);
            return;
        }

        if (_streams.Count >= options.MaxStreamsPerUser)
        {
            SendAck(index, "too many streams", GuacamoleStatus.ClientTooMany);
            return;
        }

        var stream = new InboundStream(index, evt.Stream, evt.Text1 ?? string.Empty, evt.Text2 ?? string.Empty);
        switch (evt.Stream)
        {
            case StreamKind.Clipboard:
                stream.Limit = options.MaxClipboardBytes;
                break;
            case StreamKind.Argv:
                stream.Limit = options.MaxArgumentBytes;
                SendAck(index, "OK", GuacamoleStatus.Success);
                break;
            default:
            {
                var kind = evt.Stream switch
                {
                    StreamKind.File => InboundStreamKind.File,
                    StreamKind.Pipe => InboundStreamKind.Pipe,
                    _ => InboundStreamKind.Audio,
                };
                var info = new InboundStreamInfo(index, kind, stream.Mimetype, stream.Name);
                IInboundStreamHandler? handler = null;
                await Session.InvokeBackendAsync((this, info), (b, s, ct) =>
                {
                    handler = b.OnStreamOpened(s.Item1, s.Item2);
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(false);
                if (handler is null)
                {
                    SendAck(index, "stream not supported", GuacamoleStatus.Unsupported);
                    return;
                }

                stream.Handler = handler;
                SendAck(index, "OK", GuacamoleStatus.Success);
                break;
            }
        }

        _streams[index] = stream;
    }

    private async ValueTask BlobAsync(InputEvent evt)
    {
        if (!_streams.TryGetValue(evt.A, out var stream))
        {
            return; // a blob for a stream that is closed or was refused: ignore, as guacd does
        }

        if (evt.DataLength < 0)
        {
            _streams.Remove(evt.A);
            await AbortStreamAsync(stream).ConfigureAwait(false);
            SendAck(evt.A, "invalid base64 data", GuacamoleStatus.ClientBadRequest);
            return;
        }

        var data = _blob.AsMemory(0, evt.DataLength);
        if (stream.Handler is { } handler)
        {
            var refused = await CallStreamHandlerAsync((handler, data), static (s, ct) => s.handler.OnBlobAsync(s.data, ct)).ConfigureAwait(false);
            if (refused is not null)
            {
                _streams.Remove(evt.A);
                await AbortStreamAsync(stream).ConfigureAwait(false);
                SendAck(evt.A, refused.Message, refused.Status);
                return;
            }

            if (stream.Kind != StreamKind.Audio && !Session.IsEnded)
            {
                SendAck(evt.A, "OK", GuacamoleStatus.Success);
            }

            return;
        }

        stream.Append(data.Span);
    }

    private async ValueTask EndStreamAsync(int index)
    {
        if (!_streams.Remove(index, out var stream))
        {
            return;
        }

        if (stream.Handler is { } handler)
        {
            var refused = await CallStreamHandlerAsync(handler, static (h, ct) => h.OnEndAsync(ct)).ConfigureAwait(false);
            if (refused is not null)
            {
                await AbortStreamAsync(stream).ConfigureAwait(false);
                SendAck(index, refused.Message, refused.Status);
            }

            return;
        }

        if (stream.Kind == StreamKind.Clipboard)
        {
            // Text reaches back ends as proper UTF-8 whatever the browser library's encoder did.
            var content = stream.Content;
            if (stream.Mimetype.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && TextStreamDecoder.NormalizeToUtf8(content.Span) is { } normalized)
            {
                content = normalized;
            }

            await Session.InvokeBackendAsync((this, stream.Mimetype, content), static (b, s, ct) => b.OnClipboardAsync(s.Item1, s.Item2, s.Item3, ct)).ConfigureAwait(false);
            return;
        }

        if (stream.Kind == StreamKind.Argv)
        {
            if (stream.Truncated)
            {
                SendAck(index, "value too long", GuacamoleStatus.ClientOverrun);
                return;
            }

            if (!TextStreamDecoder.TryDecode(stream.Content.Span, out var value))
            {
                SendAck(index, "value is not valid utf-8", GuacamoleStatus.ClientBadRequest);
                return;
            }

            await Session.DeliverArgumentAsync(this, stream.Name, value).ConfigureAwait(false);
        }
    }

    private void SendAck(int index, string message, GuacamoleStatus status)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Session.WriteAck(buffer, index, message, status);
        Send(buffer.WrittenSpan);
    }

    /// <summary>
    /// Calls an accepted stream's handler (back-end code) inside the session's failure boundary and
    /// serialised with the other input handlers. A <see cref="BackendException"/> refuses just that
    /// stream and is returned; anything else ends the session like any back-end failure.
    /// </summary>
    private async ValueTask<BackendException?> CallStreamHandlerAsync<TState>(TState state, Func<TState, CancellationToken, ValueTask> call)
    {
        BackendException? refused = null;
        await Session.InvokeBackendAsync((state, call), async (_, s, ct) =>
        {
            try
            {
                await s.call(s.state, ct).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                refused = ex;
            }
        }).ConfigureAwait(false);
        return refused;
    }

    /// <summary>Tells an accepted stream's handler it was abandoned, inside the failure boundary.</summary>
    private async ValueTask AbortStreamAsync(InboundStream stream)
    {
        if (stream.Handler is null)
        {
            return;
        }

        bool called = false;
        await Session.InvokeBackendAsync(stream, (_, s, _) =>
        {
            called = true;
            s.Abort();
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        if (!called)
        {
            // The session has ended: no more serialised calls, but the handler still hears of the abort.
            try
            {
                stream.Abort();
            }
            catch (Exception ex)
            {
                SessionLog.BackendCrashed(Session.Logger, ex, Session.Id);
            }
        }
    }

    private async ValueTask AbortStreamsAsync()
    {
        var streams = _streams.Values.ToArray();
        _streams.Clear();
        foreach (var stream in streams)
        {
            await AbortStreamAsync(stream).ConfigureAwait(false);
        }
    }
}
