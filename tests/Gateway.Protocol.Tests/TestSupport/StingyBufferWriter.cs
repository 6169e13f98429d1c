using System.Buffers;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out exactly what was asked for (at least one byte) and
/// checks that no caller advances past it: catches writers that rely on a generous buffer.
/// </summary>
public sealed class StingyBufferWriter : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        if (count < 0 || count > _current.Length)
        {
            throw new InvalidOperationException($"advanced {count} bytes past a span of {_current.Length}");
        }

        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _current = new byte[Math.Max(1, sizeHint)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
