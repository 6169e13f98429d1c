using System.Buffers.Binary;

namespace Gateway.Vnc.Rfb;

/// <summary>
/// RFC 6143 7.4 PIXEL_FORMAT: how the server encodes one pixel. 16 bytes on the wire: bits-per-pixel, depth,
/// big-endian-flag, true-colour-flag, red-max, green-max, blue-max (U16 each), red-shift, green-shift, blue-shift,
/// then 3 bytes of padding.
/// </summary>
public readonly record struct PixelFormat(
    byte BitsPerPixel,
    byte Depth,
    bool BigEndian,
    bool TrueColour,
    ushort RedMax,
    ushort GreenMax,
    ushort BlueMax,
    byte RedShift,
    byte GreenShift,
    byte BlueShift)
{
    /// <summary>Bytes of a PIXEL_FORMAT on the wire.</summary>
    public const int Size = 16;

    /// <summary>32 bpp true colour, little-endian, 0x00RRGGBB: each pixel is already BGRA in memory (alpha aside).</summary>
    public static PixelFormat Bgrx32 { get; } = new(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    /// <summary>16 bpp true colour RGB565, little-endian.</summary>
    public static PixelFormat Rgb565 { get; } = new(16, 16, false, true, 31, 63, 31, 11, 5, 0);

    /// <summary>8 bpp true colour BGR233 (blue in the top two bits), as TigerVNC's "8" colour level.</summary>
    public static PixelFormat Bgr233 { get; } = new(8, 8, false, true, 7, 7, 3, 0, 3, 6);

    /// <summary>Bytes per pixel on the wire (1, 2 or 4).</summary>
    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>
    /// True when the format is one a decoder can handle: 8, 16 or 32 bits per pixel; for true colour each max is
    /// 2^n-1 (n ≤ 16) and each component fits in the pixel. Anything else is a protocol error from the server.
    /// </summary>
    public bool IsValid
    {
        get
        {
            if (BitsPerPixel is not (8 or 16 or 32) || Depth == 0 || Depth > 32)
            {
                return false;
            }

            if (!TrueColour)
            {
                return BitsPerPixel == 8 || BitsPerPixel == 16;
            }

            return IsMask(RedMax) && IsMask(GreenMax) && IsMask(BlueMax)
                && Fits(RedMax, RedShift) && Fits(GreenMax, GreenShift) && Fits(BlueMax, BlueShift);
        }
    }

    /// <summary>Reads a PIXEL_FORMAT from the first <see cref="Size"/> bytes of <paramref name="source"/>.</summary>
    public static PixelFormat Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new ArgumentException("a pixel format needs 16 bytes", nameof(source));
        }

        return new PixelFormat(
            source[0],
            source[1],
            source[2] != 0,
            source[3] != 0,
            BinaryPrimitives.ReadUInt16BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[8..]),
            source[10],
            source[11],
            source[12]);
    }

    /// <summary>Writes this PIXEL_FORMAT into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("a pixel format needs 16 bytes", nameof(destination));
        }

        destination[0] = BitsPerPixel;
        destination[1] = Depth;
        destination[2] = BigEndian ? (byte)1 : (byte)0;
        destination[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], BlueMax);
        destination[10] = RedShift;
        destination[11] = GreenShift;
        destination[12] = BlueShift;
        destination[13] = 0;
        destination[14] = 0;
        destination[15] = 0;
    }

    private static bool IsMask(ushort max) => max != 0 && (max & (max + 1)) == 0;

    private bool Fits(ushort max, byte shift) => shift < 32 && (ulong)max << shift < 1UL << BitsPerPixel;
}
