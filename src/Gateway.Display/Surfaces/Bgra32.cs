using System.Buffers.Binary;

namespace Gateway.Display.Surfaces;

/// <summary>One pixel colour with straight (not premultiplied) alpha, stored in memory as B, G, R, A.</summary>
public readonly record struct Bgra32(byte B, byte G, byte R, byte A)
{
    public static Bgra32 Transparent => default;

    public static Bgra32 Black => new(0, 0, 0, 255);

    public static Bgra32 White => new(255, 255, 255, 255);

    public bool IsOpaque => A == 255;

    /// <summary>An opaque colour from red, green and blue.</summary>
    public static Bgra32 FromRgb(byte r, byte g, byte b) => new(b, g, r, 255);

    /// <summary>The pixel as a little-endian 32-bit value (B in the low byte).</summary>
    public uint ToUInt32() => B | ((uint)G << 8) | ((uint)R << 16) | ((uint)A << 24);

    public static Bgra32 FromUInt32(uint value) =>
        new((byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24));

    /// <summary>Reads a pixel from four BGRA bytes.</summary>
    public static Bgra32 Read(ReadOnlySpan<byte> bgra) => FromUInt32(BinaryPrimitives.ReadUInt32LittleEndian(bgra));

    /// <summary>The canonical form: a fully transparent pixel has no colour (all zero).</summary>
    public Bgra32 Normalize() => A == 0 ? Transparent : this;
}
