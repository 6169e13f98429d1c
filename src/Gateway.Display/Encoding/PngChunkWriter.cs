using System.Buffers;
using System.Buffers.Binary;

namespace Gateway.Display.Encoding;

/// <summary>Writes whole PNG chunks (length, type, data, CRC) into an <see cref="IBufferWriter{T}"/>.</summary>
internal static class PngChunkWriter
{
    /// <summary>The eight-byte PNG file signature.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes one chunk whose data is <paramref name="data"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> span = output.GetSpan(12 + data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)data.Length);
        type.CopyTo(span[4..]);
        data.CopyTo(span[8..]);
        uint crc = PngCrc32.Compute(span.Slice(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(span[(8 + data.Length)..], crc);
        output.Advance(12 + data.Length);
    }

    /// <summary>Writes the signature.</summary>
    public static void WriteSignature(IBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(8);
        Signature.CopyTo(span);
        output.Advance(8);
    }
}
