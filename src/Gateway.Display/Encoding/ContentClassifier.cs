using System.Runtime.InteropServices;

namespace Gateway.Display.Encoding;

/// <summary>
/// A cheap look at how "photographic" a region is, for <see cref="EncoderPolicy"/>. It samples at most
/// <see cref="MaxSampledRows"/> evenly spaced rows (every row of a short region) and, in each, compares
/// every pixel with its left neighbour and counts distinct colours up to <see cref="ColourCap"/>. The work is
/// bounded by <c>MaxSampledRows × width</c> pixel reads, whatever the region's height. Alpha takes part in
/// the comparison. Thread-safe and allocation-free.
/// </summary>
public static class ContentClassifier
{
    /// <summary>The most rows examined.</summary>
    public const int MaxSampledRows = 16;

    /// <summary>Colour counting stops here (one more than a PNG palette holds).</summary>
    public const int ColourCap = 257;

    private const int Slots = 1024;

    /// <summary>Scores the <paramref name="width"/>×<paramref name="height"/> BGRA region whose rows are <paramref name="stride"/> bytes apart.</summary>
    public static ContentScore Analyse(ReadOnlySpan<byte> bgra, int width, int height, int stride)
    {
        EncoderArguments.Validate(bgra, width, height, stride, int.MaxValue / 4);
        Span<uint> seen = stackalloc uint[Slots];
        Span<bool> used = stackalloc bool[Slots];
        used.Clear();
        int colours = 0;
        int identical = 0;
        int different = 0;
        int rows = Math.Min(height, MaxSampledRows);
        for (int i = 0; i < rows; i++)
        {
            int y = rows == 1 ? 0 : (int)((long)i * (height - 1) / (rows - 1));
            ReadOnlySpan<uint> row = MemoryMarshal.Cast<byte, uint>(bgra.Slice(y * stride, width * 4));
            uint previous = row[0];
            colours = Count(previous, seen, used, colours);
            for (int x = 1; x < row.Length; x++)
            {
                uint pixel = row[x];
                if (pixel == previous)
                {
                    identical++;
                    continue;
                }

                different++;
                previous = pixel;
                if (colours < ColourCap)
                {
                    colours = Count(pixel, seen, used, colours);
                }
            }
        }

        return new ContentScore(identical, different, colours);
    }

    private static int Count(uint colour, Span<uint> seen, Span<bool> used, int colours)
    {
        if (colours >= ColourCap)
        {
            return colours;
        }

        uint slot = (colour * 0x9E3779B1u) >> 22;
        while (used[(int)slot])
        {
            if (seen[(int)slot] == colour)
            {
                return colours;
            }

            slot = (slot + 1) & (Slots - 1);
        }

        used[(int)slot] = true;
        seen[(int)slot] = colour;
        return colours + 1;
    }
}
