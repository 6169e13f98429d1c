using System.Buffers;
using System.Buffers.Binary;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>Checks and small readers shared by the decoders.</summary>
internal static class DecoderChecks
{
    /// <summary>The largest scratch buffer a decoder keeps between frames (256 KiB).</summary>
    public const int RetainedBufferBytes = 256 * 1024;

    /// <summary>Throws unless the rectangle lies inside the sink's framebuffer (the driver checks too).</summary>
    public static void RequireInside(in RectangleHeader header, IFramebufferSink sink, string encoding)
    {
        if ((long)header.X + header.Width > sink.Width || (long)header.Y + header.Height > sink.Height)
        {
            throw new RfbProtocolException(
                $"{encoding} rectangle {header.Width}x{header.Height} at {header.X},{header.Y} lies outside the {sink.Width}x{sink.Height} framebuffer");
        }
    }

    /// <summary>Throws when a rectangle's BGRA image would pass <paramref name="limit"/> bytes.</summary>
    public static void RequireBgraWithin(in RectangleHeader header, int limit, string encoding)
    {
        if (header.Area * 4 > limit)
        {
            throw new RfbProtocolException($"{encoding} rectangle {header.Width}x{header.Height} is larger than the decompression limit");
        }
    }

    public static bool TryReadUInt16(ref SequenceReader<byte> reader, out ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (!reader.TryCopyTo(b))
        {
            value = 0;
            return false;
        }

        reader.Advance(2);
        value = BinaryPrimitives.ReadUInt16BigEndian(b);
        return true;
    }

    public static bool TryReadUInt32(ref SequenceReader<byte> reader, out uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (!reader.TryCopyTo(b))
        {
            value = 0;
            return false;
        }

        reader.Advance(4);
        value = BinaryPrimitives.ReadUInt32BigEndian(b);
        return true;
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes, or none when fewer are there.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, scoped Span<byte> destination)
    {
        if (!reader.TryCopyTo(destination))
        {
            return false;
        }

        reader.Advance(destination.Length);
        return true;
    }

    /// <summary>Makes <paramref name="buffer"/> at least <paramref name="length"/> long (growing geometrically), keeping nothing.</summary>
    /// <summary>
    /// Forgets <paramref name="buffer"/> when it is larger than <see cref="RetainedBufferBytes"/>, so a connection
    /// that once drew a large rectangle does not keep that memory while idle.
    /// </summary>
    public static void Trim<T>(ref T[]? buffer)
    {
        if (buffer is not null && (long)buffer.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > RetainedBufferBytes)
        {
            buffer = null;
        }
    }

    public static T[] Ensure<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            long grown = buffer is null ? length : Math.Max(length, (long)buffer.Length * 2);
            buffer = new T[(int)Math.Min(grown, Math.Max(length, Array.MaxLength))];
        }

        return buffer;
    }
}
