using System.Buffers.Binary;
using System.IO.Compression;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Builds RFB payload bytes by hand, as the spec lays them out.</summary>
internal sealed class Wire
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public Wire U8(params int[] values)
    {
        foreach (int v in values)
        {
            _bytes.Add((byte)v);
        }

        return this;
    }

    public Wire U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public Wire U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    /// <summary>A 32 bpp little-endian 0x00RRGGBB pixel (PixelFormat.Bgrx32): bytes B, G, R, 0.</summary>
    public Wire Px(params uint[] rgbs)
    {
        foreach (uint rgb in rgbs)
        {
            U8((int)(rgb & 0xFF), (int)((rgb >> 8) & 0xFF), (int)((rgb >> 16) & 0xFF), 0);
        }

        return this;
    }

    /// <summary>A ZRLE/TRLE CPIXEL of Bgrx32 (three bytes B, G, R).</summary>
    public Wire CPx(params uint[] rgbs)
    {
        foreach (uint rgb in rgbs)
        {
            U8((int)(rgb & 0xFF), (int)((rgb >> 8) & 0xFF), (int)((rgb >> 16) & 0xFF));
        }

        return this;
    }

    /// <summary>A Tight TPIXEL of a depth-24 format (three bytes R, G, B).</summary>
    public Wire TPx(params uint[] rgbs)
    {
        foreach (uint rgb in rgbs)
        {
            U8((int)((rgb >> 16) & 0xFF), (int)((rgb >> 8) & 0xFF), (int)(rgb & 0xFF));
        }

        return this;
    }

    /// <summary>A Tight compact length (1–3 bytes, 7 bits each, the third holding 8).</summary>
    public Wire Compact(int length)
    {
        U8((length & 0x7F) | (length > 0x7F ? 0x80 : 0));
        if (length > 0x7F)
        {
            U8(((length >> 7) & 0x7F) | (length > 0x3FFF ? 0x80 : 0));
            if (length > 0x3FFF)
            {
                U8((length >> 14) & 0xFF);
            }
        }

        return this;
    }

    public Wire Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes.ToArray());
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}

/// <summary>One side of a zlib stream that lives across rectangles, flushed (Z_SYNC_FLUSH) after each.</summary>
internal sealed class ZlibWriter : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly ZLibStream _zlib;
    private long _taken;

    public ZlibWriter(CompressionLevel level = CompressionLevel.Optimal)
    {
        _zlib = new ZLibStream(_output, level, leaveOpen: true);
    }

    /// <summary>Compresses <paramref name="data"/> and returns the bytes it added to the stream.</summary>
    public byte[] Chunk(byte[] data)
    {
        _zlib.Write(data);
        _zlib.Flush();
        var all = _output.GetBuffer().AsSpan(0, (int)_output.Length);
        var chunk = all[(int)_taken..].ToArray();
        _taken = _output.Length;
        return chunk;
    }

    public void Dispose()
    {
        _zlib.Dispose();
        _output.Dispose();
    }
}
