using System.Buffers;

namespace Gateway.Display.Encoding;

/// <summary>
/// A write-only stream that the zlib compressor writes into: bytes collect in a pooled buffer and leave as
/// IDAT chunks of at most <see cref="ChunkSize"/> bytes each, straight into the caller's buffer writer.
/// </summary>
internal sealed class PngIdatStream : Stream
{
    /// <summary>Bytes of compressed data per IDAT chunk.</summary>
    public const int ChunkSize = 64 * 1024;

    private static ReadOnlySpan<byte> Idat => "IDAT"u8;

    private readonly IBufferWriter<byte> _output;
    private byte[]? _buffer;
    private int _count;

    public PngIdatStream(IBufferWriter<byte> output)
    {
        _output = output;
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, ChunkSize - _count);
            buffer[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
            if (_count == ChunkSize)
            {
                EmitChunk();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Emits whatever is buffered as a final (possibly short) IDAT chunk.</summary>
    public void Complete()
    {
        if (_count > 0)
        {
            EmitChunk();
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }

        base.Dispose(disposing);
    }

    private void EmitChunk()
    {
        PngChunkWriter.Write(_output, Idat, _buffer.AsSpan(0, _count));
        _count = 0;
    }
}
