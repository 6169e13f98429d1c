using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Turns wire pixels (RFC 6143 7.4 PIXEL_FORMAT: 8/16/32 bpp, either byte order, true colour with any shifts and
/// maxes, or colour-map indices) into opaque BGRA values (0xAARRGGBB in a little-endian <see cref="uint"/>). Also
/// knows the compact forms: ZRLE/TRLE "CPIXEL" (3 bytes when a 32 bpp pixel's colour bits fit in its low or high
/// three bytes) and Tight "TPIXEL" (R, G, B bytes for 32 bpp depth-24 formats with 8-bit components).
/// </summary>
public sealed class PixelConverter
{
    private const uint Alpha = 0xFF000000;

    private readonly uint[] _colourMap;
    private readonly byte[]? _red;
    private readonly byte[]? _green;
    private readonly byte[]? _blue;
    private readonly bool _fastBgrx;
    private readonly CompactLayout _compact;
    private uint[]? _lookup;

    /// <summary>Creates a converter; throws <see cref="RfbProtocolException"/> when <paramref name="format"/> is not usable.</summary>
    public PixelConverter(PixelFormat format, bool swapRedBlue, uint[] colourMap)
    {
        ArgumentNullException.ThrowIfNull(colourMap);
        if (!format.IsValid)
        {
            throw new RfbProtocolException("pixel format is not valid: unsupported bits per pixel, depth or colour maxes");
        }

        if (!format.TrueColour && colourMap.Length < 1 << format.BitsPerPixel)
        {
            throw new ArgumentException("colour map is smaller than the pixel format's index range", nameof(colourMap));
        }

        Format = format;
        SwapRedBlue = swapRedBlue;
        _colourMap = colourMap;
        BytesPerPixel = format.BytesPerPixel;
        if (format.TrueColour)
        {
            _red = ScaleTable(format.RedMax);
            _green = ScaleTable(format.GreenMax);
            _blue = ScaleTable(format.BlueMax);
        }

        _fastBgrx = BitConverter.IsLittleEndian && format == PixelFormat.Bgrx32;
        _compact = Compact(format);
        CompactBytesPerPixel = _compact == CompactLayout.None ? BytesPerPixel : 3;
        IsTight888 = format is { TrueColour: true, BitsPerPixel: 32, Depth: 24, RedMax: 255, GreenMax: 255, BlueMax: 255 };
        TightBytesPerPixel = IsTight888 ? 3 : BytesPerPixel;
    }

    private enum CompactLayout
    {
        None,
        LowLittle,
        HighLittle,
        LowBig,
        HighBig,
    }

    /// <summary>The wire format.</summary>
    public PixelFormat Format { get; }

    /// <summary>Whether red and blue are exchanged after conversion (guacd's <c>swap-red-blue</c>).</summary>
    public bool SwapRedBlue { get; }

    /// <summary>Bytes of one wire pixel (1, 2 or 4).</summary>
    public int BytesPerPixel { get; }

    /// <summary>Bytes of one ZRLE/TRLE CPIXEL (3 or <see cref="BytesPerPixel"/>).</summary>
    public int CompactBytesPerPixel { get; }

    /// <summary>Bytes of one Tight TPIXEL (3 or <see cref="BytesPerPixel"/>).</summary>
    public int TightBytesPerPixel { get; }

    /// <summary>True when Tight pixels are sent as three bytes R, G, B.</summary>
    public bool IsTight888 { get; }

    /// <summary>Reads one wire pixel value (in the format's byte order) from the start of <paramref name="source"/>.</summary>
    public uint ReadValue(ReadOnlySpan<byte> source) => BytesPerPixel switch
    {
        1 => source[0],
        2 => Format.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source),
        _ => Format.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source),
    };

    /// <summary>Reads one CPIXEL value (3 bytes when compact) from the start of <paramref name="source"/>.</summary>
    public uint ReadCompactValue(ReadOnlySpan<byte> source) => _compact switch
    {
        CompactLayout.None => ReadValue(source),
        CompactLayout.LowLittle => source[0] | ((uint)source[1] << 8) | ((uint)source[2] << 16),
        CompactLayout.HighLittle => ((uint)source[0] << 8) | ((uint)source[1] << 16) | ((uint)source[2] << 24),
        CompactLayout.LowBig => ((uint)source[0] << 16) | ((uint)source[1] << 8) | source[2],
        _ => ((uint)source[0] << 24) | ((uint)source[1] << 16) | ((uint)source[2] << 8),
    };

    /// <summary>The opaque BGRA colour of wire pixel value <paramref name="value"/>.</summary>
    public uint ToBgra(uint value)
    {
        uint bgra;
        if (_red is null)
        {
            bgra = _colourMap[value & 0xFFFF] | Alpha;
        }
        else
        {
            var f = Format;
            bgra = _blue![(value >> f.BlueShift) & f.BlueMax]
                | ((uint)_green![(value >> f.GreenShift) & f.GreenMax] << 8)
                | ((uint)_red[(value >> f.RedShift) & f.RedMax] << 16)
                | Alpha;
        }

        return SwapRedBlue ? Swap(bgra) : bgra;
    }

    /// <summary>Reads one wire pixel and returns its BGRA colour.</summary>
    public uint ReadBgra(ReadOnlySpan<byte> source) => _fastBgrx && !SwapRedBlue
        ? BinaryPrimitives.ReadUInt32LittleEndian(source) | Alpha
        : ToBgra(ReadValue(source));

    /// <summary>Reads one CPIXEL and returns its BGRA colour.</summary>
    public uint ReadCompactBgra(ReadOnlySpan<byte> source) => ToBgra(ReadCompactValue(source));

    /// <summary>Reads one Tight TPIXEL and returns its BGRA colour.</summary>
    public uint ReadTightBgra(ReadOnlySpan<byte> source)
    {
        if (!IsTight888)
        {
            return ReadBgra(source);
        }

        return FromRgb(source[0], source[1], source[2]);
    }

    /// <summary>The BGRA colour of 8-bit components (after the swap, when set).</summary>
    public uint FromRgb(byte red, byte green, byte blue)
    {
        uint bgra = blue | ((uint)green << 8) | ((uint)red << 16) | Alpha;
        return SwapRedBlue ? Swap(bgra) : bgra;
    }

    /// <summary>Converts <c>destination.Length</c> wire pixels from <paramref name="source"/>.</summary>
    public void ConvertRow(ReadOnlySpan<byte> source, Span<uint> destination)
    {
        int count = destination.Length;
        source = source[..checked(count * BytesPerPixel)];
        if (_fastBgrx)
        {
            ConvertBgrx(MemoryMarshal.Cast<byte, uint>(source), destination, SwapRedBlue);
            return;
        }

        if (_red is not null && BytesPerPixel <= 2)
        {
            var lookup = Lookup();
            if (BytesPerPixel == 1)
            {
                for (int i = 0; i < count; i++)
                {
                    destination[i] = lookup[source[i]];
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    destination[i] = lookup[ReadValue(source[(i * 2)..])];
                }
            }

            return;
        }

        for (int i = 0; i < count; i++)
        {
            destination[i] = ToBgra(ReadValue(source[(i * BytesPerPixel)..]));
        }
    }

    /// <summary>Converts <c>destination.Length</c> CPIXELs from <paramref name="source"/>.</summary>
    public void ConvertCompactRow(ReadOnlySpan<byte> source, Span<uint> destination)
    {
        if (_compact == CompactLayout.None)
        {
            ConvertRow(source, destination);
            return;
        }

        int count = destination.Length;
        source = source[..checked(count * 3)];
        if (_fastBgrx && !SwapRedBlue)
        {
            for (int i = 0, j = 0; i < count; i++, j += 3)
            {
                destination[i] = source[j] | ((uint)source[j + 1] << 8) | ((uint)source[j + 2] << 16) | Alpha;
            }

            return;
        }

        for (int i = 0; i < count; i++)
        {
            destination[i] = ToBgra(ReadCompactValue(source[(i * 3)..]));
        }
    }

    /// <summary>Converts <c>destination.Length</c> Tight TPIXELs from <paramref name="source"/>.</summary>
    public void ConvertTightRow(ReadOnlySpan<byte> source, Span<uint> destination)
    {
        if (!IsTight888)
        {
            ConvertRow(source, destination);
            return;
        }

        int count = destination.Length;
        source = source[..checked(count * 3)];
        for (int i = 0, j = 0; i < count; i++, j += 3)
        {
            destination[i] = FromRgb(source[j], source[j + 1], source[j + 2]);
        }
    }

    private static void ConvertBgrx(ReadOnlySpan<uint> source, Span<uint> destination, bool swap)
    {
        int i = 0;
        int n = destination.Length;
        if (Vector.IsHardwareAccelerated && n >= Vector<uint>.Count)
        {
            var alpha = new Vector<uint>(Alpha);
            var green = new Vector<uint>(0x0000FF00);
            var low = new Vector<uint>(0x000000FF);
            var high = new Vector<uint>(0x00FF0000);
            for (; i <= n - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                var v = new Vector<uint>(source[i..]);
                if (swap)
                {
                    v = (v & green) | (Vector.ShiftLeft(v, 16) & high) | (Vector.ShiftRightLogical(v, 16) & low);
                }

                (v | alpha).CopyTo(destination[i..]);
            }
        }

        for (; i < n; i++)
        {
            uint v = source[i] | Alpha;
            destination[i] = swap ? Swap(v) : v;
        }
    }

    private static uint Swap(uint bgra) =>
        (bgra & 0xFF00FF00) | ((bgra & 0xFF) << 16) | ((bgra >> 16) & 0xFF);

    private static byte[] ScaleTable(ushort max)
    {
        var table = new byte[max + 1];
        for (int c = 0; c <= max; c++)
        {
            table[c] = (byte)(((c * 255) + (max / 2)) / max);
        }

        return table;
    }

    private static CompactLayout Compact(PixelFormat f)
    {
        if (!f.TrueColour || f.BitsPerPixel != 32 || f.Depth > 24)
        {
            return CompactLayout.None;
        }

        ulong used = ((ulong)f.RedMax << f.RedShift) | ((ulong)f.GreenMax << f.GreenShift) | ((ulong)f.BlueMax << f.BlueShift);
        if (used <= 0xFFFFFF)
        {
            return f.BigEndian ? CompactLayout.LowBig : CompactLayout.LowLittle;
        }

        if ((used & 0xFF) == 0)
        {
            return f.BigEndian ? CompactLayout.HighBig : CompactLayout.HighLittle;
        }

        return CompactLayout.None;
    }

    private uint[] Lookup()
    {
        if (_lookup is not null)
        {
            return _lookup;
        }

        // True colour 8/16 bpp only: colour maps change under us, so they are read live.
        var table = new uint[1 << Format.BitsPerPixel];
        for (uint v = 0; v < table.Length; v++)
        {
            table[v] = ToBgra(v);
        }

        _lookup = table;
        return table;
    }
}
