using System.Buffers;

namespace Gateway.Vnc.Handshake;

/// <summary>A growable byte buffer that is written at the end and consumed from the front (RA2 plaintext).</summary>
internal sealed class PlainBuffer : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[256];
    private int _start;
    private int _end;

    public int Length => _end - _start;

    public ReadOnlySequence<byte> Sequence => new(_buffer, _start, Length);

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
    }

    public void Advance(int count) => _end += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_end);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_end);
    }

    private void Ensure(int sizeHint)
    {
        int need = Math.Max(sizeHint, 1);
        if (_buffer.Length - _end >= need)
        {
            return;
        }

        int length = Length;
        byte[] target = length + need <= _buffer.Length ? _buffer : new byte[Math.Max(_buffer.Length * 2, length + need)];
        Array.Copy(_buffer, _start, target, 0, length);
        _buffer = target;
        _start = 0;
        _end = length;
    }
}
