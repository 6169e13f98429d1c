using System.Buffers;
using System.Buffers.Binary;

namespace Gateway.Vnc.Security;

/// <summary>Small helpers to take whole fields off a byte sequence and to write big-endian fields.</summary>
internal static class Wire
{
    /// <summary>Copies and slices off <paramref name="destination"/>.Length bytes, or returns false and leaves input alone.</summary>
    public static bool TryTake(ref ReadOnlySequence<byte> input, Span<byte> destination)
    {
        if (input.Length < destination.Length)
        {
            return false;
        }

        input.Slice(0, destination.Length).CopyTo(destination);
        input = input.Slice(destination.Length);
        return true;
    }

    /// <summary>Reads a U32 at <paramref name="offset"/> without consuming, or returns false.</summary>
    public static bool TryPeekUInt32(ReadOnlySequence<byte> input, long offset, out uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (input.Length < offset + 4)
        {
            value = 0;
            return false;
        }

        input.Slice(offset, 4).CopyTo(buffer);
        value = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        return true;
    }

    public static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteUInt16(IBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    public static void WriteUInt32(IBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
