using System.Buffers;
using System.IO.Compression;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// One persistent zlib stream (RFB's Zlib, ZRLE and each of Tight's four streams keep their dictionary across
/// rectangles). Each rectangle's compressed bytes are appended to a feed that a <see cref="ZLibStream"/> (zlib-ng)
/// reads from; the output is always bounded by the caller's buffer or limit.
/// </summary>
internal sealed class ZlibInflater : IDisposable
{
    private readonly FeedStream _feed = new();
    private ZLibStream? _zlib;
    private byte[]? _drain;

    /// <summary>Forgets the stream (a new connection, or Tight's reset bits).</summary>
    public void Reset()
    {
        _zlib?.Dispose();
        _zlib = null;
        _feed.Clear();
    }

    /// <summary>Drops the feed's buffer when it grew past the retained bound and holds nothing.</summary>
    public void TrimBuffers() => _feed.Trim();

    public void Dispose()
    {
        Reset();
        _feed.Dispose();
    }

    /// <summary>
    /// Inflates exactly <paramref name="output"/>.Length bytes from <paramref name="compressed"/> (one rectangle's
    /// payload). Throws when the stream ends early, is corrupt, or would produce more than the rectangle needs.
    /// </summary>
    public void InflateExactly(ReadOnlySequence<byte> compressed, Span<byte> output, string what)
    {
        _feed.Append(compressed);
        var zlib = Stream();
        int filled = 0;
        try
        {
            while (filled < output.Length)
            {
                int n = zlib.Read(output[filled..]);
                if (n == 0)
                {
                    throw new RfbProtocolException($"{what} zlib data ended {output.Length - filled} bytes short of the rectangle");
                }

                filled += n;
            }

            // The rest of this payload may only hold a flush marker: anything that inflates to more is an error.
            var drain = DecoderChecks.Ensure(ref _drain, 256);
            if (zlib.Read(drain) != 0)
            {
                throw new RfbProtocolException($"{what} zlib data is longer than the rectangle");
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Reset();
            throw new RfbProtocolException($"{what} zlib data is corrupt", e);
        }

        _feed.Clear();
    }

    /// <summary>
    /// Inflates all of <paramref name="compressed"/> into <paramref name="buffer"/> (grown as needed) and returns
    /// the length; throws when the output would pass <paramref name="limit"/> bytes.
    /// </summary>
    public int InflateAll(ReadOnlySequence<byte> compressed, ref byte[]? buffer, int limit, string what)
    {
        _feed.Append(compressed);
        var zlib = Stream();
        int filled = 0;
        int cap = checked(limit + 1);
        buffer ??= new byte[Math.Min(64 * 1024, cap)];
        try
        {
            while (true)
            {
                int room = Math.Min(buffer.Length, cap);
                if (filled == room)
                {
                    var next = new byte[(int)Math.Min((long)buffer.Length * 2, cap)];
                    buffer.AsSpan(0, filled).CopyTo(next);
                    buffer = next;
                    room = next.Length;
                }

                int n = zlib.Read(buffer.AsSpan(filled, room - filled));
                if (n == 0)
                {
                    break;
                }

                filled += n;
                if (filled > limit)
                {
                    Reset();
                    throw new RfbProtocolException($"{what} zlib data inflates past the {limit}-byte limit");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Reset();
            throw new RfbProtocolException($"{what} zlib data is corrupt", e);
        }

        _feed.Clear();
        return filled;
    }

    private ZLibStream Stream() => _zlib ??= new ZLibStream(_feed, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>A read-only stream over the bytes appended so far; reads past them return 0 (not end of stream for good).</summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _buffer = [];
        private int _start;
        private int _end;

        public int Available => _end - _start;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Append(ReadOnlySequence<byte> data)
        {
            int length = checked((int)data.Length);
            if (_start == _end)
            {
                _start = _end = 0;
            }

            if (_buffer.Length - _end < length)
            {
                int live = _end - _start;
                var next = _buffer.Length >= live + length ? _buffer : new byte[Math.Max(live + length, _buffer.Length * 2)];
                _buffer.AsSpan(_start, live).CopyTo(next);
                _buffer = next;
                _start = 0;
                _end = live;
            }

            data.CopyTo(_buffer.AsSpan(_end));
            _end += length;
        }

        public void Clear() => _start = _end = 0;

        public void Trim()
        {
            if (_start == _end && _buffer.Length > DecoderChecks.RetainedBufferBytes)
            {
                _buffer = [];
                _start = _end = 0;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(buffer);
            _start += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
