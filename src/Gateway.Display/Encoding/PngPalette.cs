using System.Runtime.InteropServices;

namespace Gateway.Display.Encoding;

/// <summary>
/// Counts the distinct colours of an image and maps every pixel to a palette index, giving up as soon as
/// a 257th colour turns up. A pixel equal to its left neighbour reuses the neighbour's index, so flat
/// screen content costs one compare per pixel.
/// </summary>
internal static class PngPalette
{
    /// <summary>The most colours a palette image holds.</summary>
    public const int MaxColours = 256;

    private const int Slots = 512;

    /// <summary>
    /// Builds the palette. Returns the number of colours, or -1 when there are more than 256. Colours are
    /// BGRA words (alpha forced to 255 unless <paramref name="hasAlpha"/>); <paramref name="indices"/>
    /// receives width·height bytes, row after row.
    /// </summary>
    public static int TryBuild(ReadOnlySpan<byte> bgra, int width, int height, int stride, bool hasAlpha, Span<uint> palette, Span<byte> indices)
    {
        if (palette.Length < MaxColours || indices.Length < width * height)
        {
            throw new ArgumentException("palette buffers too small");
        }

        Span<ushort> slots = stackalloc ushort[Slots];
        slots.Clear();
        uint force = hasAlpha ? 0u : 0xFF000000u;
        int count = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<uint> row = MemoryMarshal.Cast<byte, uint>(bgra.Slice(y * stride, width * 4));
            Span<byte> rowIndices = indices.Slice(y * width, width);
            uint last = ~(row[0] | force);
            byte lastIndex = 0;
            for (int x = 0; x < row.Length; x++)
            {
                uint colour = row[x] | force;
                if (colour != last)
                {
                    uint slot = (colour * 0x9E3779B1u) >> 23;
                    while (true)
                    {
                        int entry = slots[(int)slot];
                        if (entry == 0)
                        {
                            if (count == MaxColours)
                            {
                                return -1;
                            }

                            palette[count] = colour;
                            slots[(int)slot] = (ushort)(count + 1);
                            lastIndex = (byte)count;
                            count++;
                            break;
                        }

                        if (palette[entry - 1] == colour)
                        {
                            lastIndex = (byte)(entry - 1);
                            break;
                        }

                        slot = (slot + 1) & (Slots - 1);
                    }

                    last = colour;
                }

                rowIndices[x] = lastIndex;
            }
        }

        return count;
    }

    /// <summary>The PNG bit depth for a palette of <paramref name="colours"/> entries.</summary>
    public static int BitDepthFor(int colours) => colours switch
    {
        <= 2 => 1,
        <= 4 => 2,
        <= 16 => 4,
        _ => 8,
    };

    /// <summary>Packs 8-bit indices into <paramref name="bitDepth"/>-bit samples, most significant first.</summary>
    public static void Pack(ReadOnlySpan<byte> indices, Span<byte> packed, int bitDepth)
    {
        if (bitDepth == 8)
        {
            indices.CopyTo(packed);
            return;
        }

        int perByte = 8 / bitDepth;
        int bytes = (indices.Length + perByte - 1) / perByte;
        if (packed.Length < bytes)
        {
            throw new ArgumentException("packed row too small");
        }

        for (int b = 0; b < bytes; b++)
        {
            int value = 0;
            int start = b * perByte;
            int end = Math.Min(start + perByte, indices.Length);
            int shift = 8 - bitDepth;
            for (int i = start; i < end; i++, shift -= bitDepth)
            {
                value |= indices[i] << shift;
            }

            packed[b] = (byte)value;
        }
    }
}
