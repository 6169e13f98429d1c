using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>Hot loops of the planner over surface rows.</summary>
internal static class PixelOps
{
    /// <summary>The tight rectangle of pixels that differ between two equally sized surfaces inside <paramref name="area"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PixelRect ChangedBounds(Surface current, Surface previous, PixelRect area) =>
        ChangedBounds(current, previous, area, default);

    /// <summary>As above, skipping rows y for which <paramref name="equalRows"/>[y] is true (known to be equal over the area).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PixelRect ChangedBounds(Surface current, Surface previous, PixelRect area, ReadOnlySpan<bool> equalRows)
    {
        int left = int.MaxValue;
        int right = -1;
        int top = -1;
        int bottom = -1;
        for (int y = area.Y; y < area.Bottom; y++)
        {
            if ((uint)y < (uint)equalRows.Length && equalRows[y])
            {
                continue;
            }

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

    /// <summary>True when two equally long rows of packed BGRA are byte for byte equal and every pixel is fully opaque.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool EqualAndOpaque(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<byte>.Count)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte rb = ref MemoryMarshal.GetReference(b);
            var all = Vector256<byte>.AllBitsSet;
            int last = a.Length - Vector256<byte>.Count;
            for (; i <= last; i += Vector256<byte>.Count)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref rb, (nuint)i);
                if (va != vb)
                {
                    return false;
                }

                all &= va;
            }

            if ((all.AsUInt32() | Vector256.Create(0x00FFFFFFu)) != Vector256<uint>.AllBitsSet)
            {
                return false;
            }
        }

        for (; i + 4 <= a.Length; i += 4)
        {
            uint pa = MemoryMarshal.Read<uint>(a[i..]);
            if (pa != MemoryMarshal.Read<uint>(b[i..]) || (pa >> 24) != 0xFF)
            {
                return false;
            }
        }

        return a[i..].SequenceEqual(b[i..]);
    }

    /// <summary>True when every pixel of <paramref name="rect"/> has the same value; gives that value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// A fast 64-bit hash of one row slice, used only to find candidate matches (the planner re-diffs afterwards,
    /// so a collision costs bandwidth, never correctness). Also reports whether every pixel is opaque.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong HashRow(ReadOnlySpan<byte> bytes, out bool opaque)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        const ulong alphaBits = 0xFF000000FF000000UL;
        ulong h;
        ulong alpha = ulong.MaxValue;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && words.Length >= 8)
        {
            var acc0 = Vector256.Create(0x9E3779B97F4A7C15UL, 0xC2B2AE3D27D4EB4FUL, 0x165667B19E3779F9UL, 0x27D4EB2F165667C5UL);
            var acc1 = Vector256.Create(0x85EBCA77C2B2AE63UL, 0x94D049BB133111EBUL, 0xBF58476D1CE4E5B9UL, 0x2545F4914F6CDD1DUL);
            var and = Vector256<ulong>.AllBitsSet;
            var vectors = MemoryMarshal.Cast<ulong, Vector256<ulong>>(words);
            int v = 0;
            for (; v + 2 <= vectors.Length; v += 2)
            {
                acc0 = ((acc0 << 7) | (acc0 >>> 57)) + vectors[v];
                acc1 = ((acc1 << 11) | (acc1 >>> 53)) + vectors[v + 1];
                and &= vectors[v] & vectors[v + 1];
            }

            for (; v < vectors.Length; v++)
            {
                acc0 = ((acc0 << 5) | (acc0 >>> 59)) ^ vectors[v];
                and &= vectors[v];
            }

            h = (acc0.GetElement(0) * 0xFF51AFD7ED558CCDUL) ^ BitOperations.RotateLeft(acc0.GetElement(1), 13) ^ BitOperations.RotateLeft(acc0.GetElement(2), 29) ^ BitOperations.RotateLeft(acc0.GetElement(3), 41)
                ^ (acc1.GetElement(0) * 0xC4CEB9FE1A85EC53UL) ^ BitOperations.RotateLeft(acc1.GetElement(1), 7) ^ BitOperations.RotateLeft(acc1.GetElement(2), 19) ^ BitOperations.RotateLeft(acc1.GetElement(3), 53);
            alpha = and.GetElement(0) & and.GetElement(1) & and.GetElement(2) & and.GetElement(3);
            i = vectors.Length * 4;
        }
        else
        {
            h = 0x9E3779B97F4A7C15UL;
        }

        for (; i < words.Length; i++)
        {
            h = (BitOperations.RotateLeft(h, 5) ^ words[i]) * 0x9E3779B97F4A7C15UL;
            alpha &= words[i];
        }

        opaque = (alpha & alphaBits) == alphaBits;
        if (bytes.Length % 8 != 0)
        {
            uint last = MemoryMarshal.Read<uint>(bytes[^4..]);
            h ^= last * 0xC2B2AE3D27D4EB4FUL;
            opaque &= (last >> 24) == 0xFF;
        }

        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 29;
        return h;
    }
}
