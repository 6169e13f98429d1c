using System.Buffers;
using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Protocol;

namespace Gateway.Core.Audio;

/// <summary>
/// A session's audio output as one <c>audio</c> stream of raw 16-bit PCM (<c>audio/L16;rate=R,channels=C</c>,
/// little-endian interleaved samples, as guacd's raw encoder sends) to every user: <see cref="Open"/> announces
/// it, <see cref="Write"/> sends the samples in <c>blob</c>s of at most <see cref="MaxBlobBytes"/> bytes and
/// <see cref="Close"/> ends it. A user who joins while it is open is told about it by <see cref="AddUser"/> and
/// receives the following blobs. Thread-safe.
/// </summary>
public sealed class SessionAudio
{
    /// <summary>Raw bytes per <c>blob</c> (a whole number of 16-bit stereo frames; 8064 base64 characters).</summary>
    public const int MaxBlobBytes = 6048;

    private readonly object _gate = new();
    private readonly Session _session;
    private int _stream = -1;
    private string _mimetype = string.Empty;

    public SessionAudio(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>True while the stream is open.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _stream >= 0;
            }
        }
    }

    /// <summary>The mimetype of the open stream (empty when closed).</summary>
    public string Mimetype
    {
        get
        {
            lock (_gate)
            {
                return _mimetype;
            }
        }
    }

    /// <summary>The mimetype guacd uses for 16-bit PCM at <paramref name="rate"/> Hz with <paramref name="channels"/> channels.</summary>
    public static string L16Mimetype(int rate, int channels) =>
        string.Create(CultureInfo.InvariantCulture, $"audio/L16;rate={rate},channels={channels}");

    /// <summary>
    /// Opens the stream (closing one already open) and announces it to every user. Returns false when no
    /// stream index is free.
    /// </summary>
    public bool Open(int rate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 384_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 8);
        lock (_gate)
        {
            CloseLocked();
            if (!_session.BroadcastStreams.TryAllocate(out int stream))
            {
                return false;
            }

            _stream = stream;
            _mimetype = L16Mimetype(rate, channels);
            _session.Broadcast(AudioInstruction());
            return true;
        }
    }

    /// <summary>Sends PCM samples to every user; nothing when the stream is closed.</summary>
    public void Write(ReadOnlySpan<byte> pcm)
    {
        lock (_gate)
        {
            if (_stream < 0 || pcm.IsEmpty)
            {
                return;
            }

            var buffer = new ArrayBufferWriter<byte>(Math.Min(pcm.Length, 64 * 1024) * 4 / 3 + 64);
            for (int offset = 0; offset < pcm.Length; offset += MaxBlobBytes)
            {
                var chunk = pcm.Slice(offset, Math.Min(MaxBlobBytes, pcm.Length - offset));
                InstructionWriter.Start(buffer, "blob"u8).Add(_stream).AddBase64(chunk).End();
            }

            _session.Broadcast(buffer.WrittenSpan);
        }
    }

    /// <summary>Ends the stream for every user; nothing when it is closed.</summary>
    public void Close()
    {
        lock (_gate)
        {
            CloseLocked();
        }
    }

    /// <summary>Tells a user who joined about the open stream (call from the back end's join handler).</summary>
    public void AddUser(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            if (_stream >= 0)
            {
                user.Send(AudioInstruction());
            }
        }
    }

    private byte[] AudioInstruction()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        InstructionWriter.Start(buffer, "audio"u8).Add(_stream).Add(_mimetype).End();
        return buffer.WrittenSpan.ToArray();
    }

    private void CloseLocked()
    {
        if (_stream < 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(32);
        InstructionWriter.Start(buffer, "end"u8).Add(_stream).End();
        _session.Broadcast(buffer.WrittenSpan);
        _session.BroadcastStreams.Free(_stream);
        _stream = -1;
        _mimetype = string.Empty;
    }
}
