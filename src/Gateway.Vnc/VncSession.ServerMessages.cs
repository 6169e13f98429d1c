using System.Buffers;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Vnc.Client;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc;

// The VNC driver's handling of server messages other than rectangles: name, pseudo-encodings, clipboard, continuous updates, fences, audio.
public sealed partial class VncSession
{
    void IServerMessageHandler.OnDesktopName(string name)
    {
        _name = name;
        Broadcast(b => InstructionWriter.Start(b, "name"u8).Add(name).End());
    }

    void IServerMessageHandler.OnPseudoEncoding(in RectangleHeader header)
    {
        switch (header.Encoding)
        {
            case EncodingType.QemuExtendedKeyEvent:
                _qemuKeys = true;
                VncLog.Feature(Context.Logger, Session.Id, "qemu extended key events");
                break;
            case EncodingType.QemuAudio:
                if (!_requestedAudio)
                {
                    _requestedAudio = true;
                    VncLog.Feature(Context.Logger, Session.Id, "qemu audio");
                    Queue(w =>
                    {
                        ClientMessageWriter.QemuAudioSetFormat(w, 3, 2, 44100);
                        ClientMessageWriter.QemuAudioEnable(w, true);
                    });
                }

                break;
        }
    }

    void IServerMessageHandler.OnBell()
    {
        // Guacamole has no bell instruction; guacd ignores it too.
    }

    void IServerMessageHandler.OnServerCutText(ReadOnlySpan<byte> text, bool truncated)
    {
        if (!_settings.DisableCopy)
        {
            SendClipboard(_clipboardEncoding.Decode(text));
        }
    }

    void IServerMessageHandler.OnExtendedClipboard(ExtendedClipboardMessage message)
    {
        if (message.Has(ExtendedClipboardFlags.Caps))
        {
            lock (_stateGate)
            {
                _extendedClipboard = (message.Formats & ExtendedClipboardFlags.Text) != 0;
                _serverClipboardActions = message.Action;
                _serverTakesNotify = (message.Action & ExtendedClipboardFlags.Notify) != 0;
            }

            VncLog.Feature(Context.Logger, Session.Id, "extended clipboard");
            uint actions = ExtendedClipboardFlags.Request | ExtendedClipboardFlags.Notify | ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Peek;
            Queue(w => ClientMessageWriter.ExtendedClipboardCaps(w, actions, (uint)Session.Options.MaxClipboardBytes));
            return;
        }

        if (message.Has(ExtendedClipboardFlags.Notify) && (message.Formats & ExtendedClipboardFlags.Text) != 0 && !_settings.DisableCopy)
        {
            Queue(w => ClientMessageWriter.ExtendedClipboardFlagsOnly(w, ExtendedClipboardFlags.Request | ExtendedClipboardFlags.Text));
        }
        else if (message.Has(ExtendedClipboardFlags.Provide) && message.Text is { } text)
        {
            if (!_settings.DisableCopy)
            {
                SendClipboard(text.ReplaceLineEndings("\n"));
            }
        }
        else if (message.Has(ExtendedClipboardFlags.Request) && (message.Formats & ExtendedClipboardFlags.Text) != 0)
        {
            string? paste;
            lock (_stateGate)
            {
                paste = _pendingPaste;
            }

            if (paste is not null)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(paste.ReplaceLineEndings("\r\n"));
                Queue(w => ClientMessageWriter.ExtendedClipboardProvideText(w, utf8));
            }
        }
        else if (message.Has(ExtendedClipboardFlags.Peek))
        {
            bool have;
            lock (_stateGate)
            {
                have = _pendingPaste is not null;
            }

            Queue(w => ClientMessageWriter.ExtendedClipboardFlagsOnly(w, ExtendedClipboardFlags.Notify | (have ? ExtendedClipboardFlags.Text : 0)));
        }
    }

    void IServerMessageHandler.OnEndOfContinuousUpdates()
    {
        // The first EndOfContinuousUpdates answers our ContinuousUpdates pseudo-encoding: the server supports them,
        // so enable them for the whole framebuffer (the visible area) and stop polling. One arriving while they are
        // on means the server ended them: go back to incremental requests and do not insist. SetPixelFormat and
        // SetEncodings are only sent once, before this point, so no fence is needed to order a format change
        // against updates already on their way.
        var sink = _sink!;
        lock (_stateGate)
        {
            switch (_continuous)
            {
                case ContinuousState.Unknown:
                    _continuous = ContinuousState.On;
                    VncLog.Feature(Context.Logger, Session.Id, "continuous updates");
                    Queue(w => ClientMessageWriter.EnableContinuousUpdates(w, true, 0, 0, (ushort)sink.Width, (ushort)sink.Height));
                    break;
                case ContinuousState.On:
                    _continuous = ContinuousState.Ended;
                    _requestUpdate = true;
                    break;
            }
        }
    }

    void IServerMessageHandler.OnServerFence(uint flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & FenceFlags.Request) == 0)
        {
            return; // an answer to a fence of ours; we send none
        }

        // Everything before the fence has been drawn (BlockBefore), and the read loop stops the batch here so the
        // answer leaves before anything after it is processed (BlockAfter). SyncNext is not offered: the answer
        // keeps only the flags we honour, as the protocol asks.
        uint honoured = flags & (FenceFlags.BlockBefore | FenceFlags.BlockAfter);
        byte[] copy = payload.ToArray();
        Queue(w => ClientMessageWriter.ClientFence(w, honoured, copy));
        _fenceAnswered = true;
    }

    void IServerMessageHandler.OnQemuAudio(QemuAudioOperation operation, ReadOnlySpan<byte> data)
    {
        switch (operation)
        {
            case QemuAudioOperation.Begin:
                if (_audioStream < 0 && Session.BroadcastStreams.TryAllocate(out int index))
                {
                    _audioStream = index;
                    Broadcast(b => InstructionWriter.Start(b, "audio"u8).Add(index).Add("audio/L16;rate=44100,channels=2").End());
                }

                break;
            case QemuAudioOperation.End:
                if (_audioStream >= 0)
                {
                    int ended = _audioStream;
                    _audioStream = -1;
                    Broadcast(b => InstructionWriter.Start(b, "end"u8).Add(ended).End());
                    Session.BroadcastStreams.Free(ended);
                }

                break;
            default:
                if (_audioStream >= 0 && !data.IsEmpty)
                {
                    var buffer = new ArrayBufferWriter<byte>(data.Length * 2);
                    for (int offset = 0; offset < data.Length; offset += BlobBytes)
                    {
                        var chunk = data.Slice(offset, Math.Min(BlobBytes, data.Length - offset));
                        InstructionWriter.Start(buffer, "blob"u8).Add(_audioStream).AddBase64(chunk).End();
                    }

                    Session.Broadcast(buffer.WrittenSpan);
                }

                break;
        }
    }
}
