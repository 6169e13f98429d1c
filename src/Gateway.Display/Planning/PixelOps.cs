using System.Numerics;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>Hot loops of the planner over surface rows.</summary>
internal static class PixelOps
{
    /// <summary>The tight rectangle of pixels that differ between two equally sized surfaces inside <paramref name="area"/>.</summary>
    public static PixelRect ChangedBounds(Surface current, Surface previous, PixelRect area)
    {
        int left = int.MaxValue;
        int right = -1;
        int top = -1;
        int bottom = -1;
        for (int y = area.Y; y < area.Bottom; y++)
        {
            var a = MemoryMarshal.Cast<byte, uint>(current.RowSpan(y, area.X, area.Width));
            var b = MemoryMarshal.Cast<byte, uint>(previous.RowSpan(y, area.X, area.Width));
            int first = a.CommonPrefixLength(b);
            if (first == a.Length)
            {
                continue;
            }

            int last = a.Length - 1;
            while (a[last] == b[last])
            {
                last--;
            }

            if (top < 0)
            {
                top = y;
            }

            bottom = y;
            left = Math.Min(left, first);
            right = Math.Max(right, last);
        }

        return top < 0 ? PixelRect.Empty : new PixelRect(area.X + left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>True when every pixel of <paramref name="rect"/> has the same value; gives that value.</summary>
    public static bool IsUniform(Surface surface, PixelRect rect, out uint value)
    {
        value = MemoryMarshal.Read<uint>(surface.RowSpan(rect.Y, rect.X, 1));
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(surface.RowSpan(y, rect.X, rect.Width));
            if (row.IndexOfAnyExcept(value) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every pixel of <paramref name="rect"/> is fully opaque.</summary>
    public static bool IsOpaque(Surface surface, PixelRect rect)
    {
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            if (HasAlpha(surface.RowSpan(y, rect.X, rect.Width)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when some pixel of a packed BGRA span is not fully opaque.</summary>
    public static bool HasAlpha(ReadOnlySpan<byte> pixels)
    {
        var words = MemoryMarshal.Cast<byte, uint>(pixels);
        int i = 0;
        if (Vector.IsHardwareAccelerated && words.Length >= Vector<uint>.Count)
        {
            var all = new Vector<uint>(uint.MaxValue);
            var vectors = MemoryMarshal.Cast<uint, Vector<uint>>(words);
            foreach (var v in vectors)
            {
                all &= v;
            }

            for (int k = 0; k < Vector<uint>.Count; k++)
            {
                if ((all[k] >> 24) != 0xFF)
                {
                    return true;
                }
            }

            i = vectors.Length * Vector<uint>.Count;
        }

        for (; i < words.Length; i++)
        {
            if ((words[i] >> 24) != 0xFF)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fast 64-bit hash of one row slice (used only to find candidates; matches are verified byte for byte).</summary>
    public static ulong HashRow(ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        ulong h0 = 0x9E3779B97F4A7C15UL;
        ulong h1 = 0xC2B2AE3D27D4EB4FUL;
        ulong h2 = 0x165667B19E3779F9UL;
        ulong h3 = 0x27D4EB2F165667C5UL;
        int i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            h0 = BitOperations.RotateLeft(h0, 7) + words[i];
            h1 = BitOperations.RotateLeft(h1, 11) + words[i + 1];
            h2 = BitOperations.RotateLeft(h2, 13) + words[i + 2];
            h3 = BitOperations.RotateLeft(h3, 17) + words[i + 3];
        }

        for (; i < words.Length; i++)
        {
            h0 = BitOperations.RotateLeft(h0, 5) ^ words[i];
        }

        ulong tail = 0;
        for (int j = words.Length * 8; j < bytes.Length; j++)
        {
            tail = (tail << 8) | bytes[j];
        }

        ulong h = (h0 * 0xFF51AFD7ED558CCDUL) ^ (h1 * 0xC4CEB9FE1A85EC53UL) ^ BitOperations.RotateLeft(h2, 31) ^ BitOperations.RotateLeft(h3, 47) ^ tail;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 29;
        return h;
    }
}
