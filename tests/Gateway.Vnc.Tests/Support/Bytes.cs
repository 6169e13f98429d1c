using System.Buffers;
using System.Buffers.Binary;

namespace Gateway.Vnc.Tests.Support;

/// <summary>Builds big-endian wire bytes and splits them into segments for split tests.</summary>
public sealed class Bytes
{
    private readonly List<byte> _data = [];

    public Bytes U8(int value)
    {
        _data.Add((byte)value);
        return this;
    }

    public Bytes U16(int value)
    {
        _data.Add((byte)(value >> 8));
        _data.Add((byte)value);
        return this;
    }

    public Bytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _data.AddRange(b.ToArray());
        return this;
    }

    public Bytes S32(int value) => U32(unchecked((uint)value));

    public Bytes Raw(params byte[] bytes)
    {
        _data.AddRange(bytes);
        return this;
    }

    public Bytes Rect(int x, int y, int w, int h, int encoding) => U16(x).U16(y).U16(w).U16(h).S32(encoding);

    public byte[] ToArray() => [.. _data];

    /// <summary>A sequence of two segments split at <paramref name="at"/>.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, int at)
    {
        if (at <= 0 || at >= data.Length)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, at), 0);
        var second = first.Append(data.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
