using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gateway.Display.Encoding;

/// <summary>
/// Pixel-row kernels for the PNG encoder: BGRA to RGB/RGBA, and the PNG filters. Destination rows are
/// owned by the encoder and carry 16 bytes of slack after the row, so vector stores may run past the
/// last pixel; source rows are read exactly.
/// </summary>
internal static class PngPixels
{
    /// <summary>Bytes of slack every destination row buffer carries before and after the row.</summary>
    public const int Slack = 16;

    /// <summary>Converts <paramref name="width"/> BGRA pixels to RGB. <paramref name="rgb"/> needs 3·width + <see cref="Slack"/> bytes.</summary>
    public static void BgraToRgb(ReadOnlySpan<byte> bgra, Span<byte> rgb, int width)
    {
        if (rgb.Length < (3 * width) + Slack || bgra.Length < 4 * width)
        {
            throw new ArgumentException("row buffer too small");
        }

        ref byte src = ref MemoryMarshal.GetReference(bgra);
        ref byte dst = ref MemoryMarshal.GetReference(rgb);
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> mask = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80);
            for (; x + 4 <= width; x += 4)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref src, (nuint)(4 * x));
                Vector128.ShuffleNative(v, mask).StoreUnsafe(ref dst, (nuint)(3 * x));
            }
        }

        for (; x < width; x++)
        {
            Unsafe.Add(ref dst, (3 * x) + 0) = Unsafe.Add(ref src, (4 * x) + 2);
            Unsafe.Add(ref dst, (3 * x) + 1) = Unsafe.Add(ref src, (4 * x) + 1);
            Unsafe.Add(ref dst, (3 * x) + 2) = Unsafe.Add(ref src, 4 * x);
        }
    }

    /// <summary>Converts <paramref name="width"/> BGRA pixels to RGBA.</summary>
    public static void BgraToRgba(ReadOnlySpan<byte> bgra, Span<byte> rgba, int width)
    {
        if (rgba.Length < 4 * width || bgra.Length < 4 * width)
        {
            throw new ArgumentException("row buffer too small");
        }

        ref byte src = ref MemoryMarshal.GetReference(bgra);
        ref byte dst = ref MemoryMarshal.GetReference(rgba);
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> mask = Vector128.Create((byte)2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
            for (; x + 4 <= width; x += 4)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref src, (nuint)(4 * x));
                Vector128.ShuffleNative(v, mask).StoreUnsafe(ref dst, (nuint)(4 * x));
            }
        }

        for (; x < width; x++)
        {
            Unsafe.Add(ref dst, (4 * x) + 0) = Unsafe.Add(ref src, (4 * x) + 2);
            Unsafe.Add(ref dst, (4 * x) + 1) = Unsafe.Add(ref src, (4 * x) + 1);
            Unsafe.Add(ref dst, (4 * x) + 2) = Unsafe.Add(ref src, 4 * x);
            Unsafe.Add(ref dst, (4 * x) + 3) = Unsafe.Add(ref src, (4 * x) + 3);
        }
    }

    /// <summary>
    /// Sub filter: <c>out[i] = cur[i] - cur[i - bpp]</c>. <paramref name="padded"/> is the row with
    /// <see cref="Slack"/> zero bytes in front of it (cur starts at index <see cref="Slack"/>).
    /// </summary>
    public static void Sub(ReadOnlySpan<byte> padded, Span<byte> output, int rowBytes, int bpp)
    {
        if (padded.Length < Slack + rowBytes + Slack || output.Length < rowBytes || bpp is < 1 or > Slack)
        {
            throw new ArgumentException("row buffer too small");
        }

        ref byte cur = ref Unsafe.Add(ref MemoryMarshal.GetReference(padded), Slack);
        ref byte left = ref Unsafe.Add(ref cur, -bpp);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= rowBytes; i += 16)
            {
                (Vector128.LoadUnsafe(ref cur, (nuint)i) - Vector128.LoadUnsafe(ref left, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < rowBytes; i++)
        {
            Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref cur, i) - Unsafe.Add(ref left, i));
        }
    }

    /// <summary>Up filter: <c>out[i] = cur[i] - prev[i]</c>.</summary>
    public static void Up(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, Span<byte> output, int rowBytes)
    {
        if (cur.Length < rowBytes || prev.Length < rowBytes || output.Length < rowBytes)
        {
            throw new ArgumentException("row buffer too small");
        }

        ref byte c = ref MemoryMarshal.GetReference(cur);
        ref byte p = ref MemoryMarshal.GetReference(prev);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= rowBytes; i += 16)
            {
                (Vector128.LoadUnsafe(ref c, (nuint)i) - Vector128.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < rowBytes; i++)
        {
            Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref c, i) - Unsafe.Add(ref p, i));
        }
    }

    /// <summary>
    /// Paeth filter over padded rows (both with <see cref="Slack"/> zero bytes in front; the previous row is
    /// all zeros for the first row).
    /// </summary>
    public static void Paeth(ReadOnlySpan<byte> paddedCur, ReadOnlySpan<byte> paddedPrev, Span<byte> output, int rowBytes, int bpp)
    {
        if (paddedCur.Length < Slack + rowBytes || paddedPrev.Length < Slack + rowBytes || output.Length < rowBytes || bpp is < 1 or > Slack)
        {
            throw new ArgumentException("row buffer too small");
        }

        for (int i = 0; i < rowBytes; i++)
        {
            int a = paddedCur[Slack + i - bpp];
            int b = paddedPrev[Slack + i];
            int c = paddedPrev[Slack + i - bpp];
            int p = a + b - c;
            int pa = Math.Abs(p - a);
            int pb = Math.Abs(p - b);
            int pc = Math.Abs(p - c);
            int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            output[i] = (byte)(paddedCur[Slack + i] - predictor);
        }
    }

    /// <summary>
    /// The "minimum sum of absolute differences" cost of a filtered row: each byte counts as its distance
    /// from zero when read as a signed value. Smaller means more compressible, roughly.
    /// </summary>
    public static long Cost(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        int i = 0;
        if (Sse2.IsSupported)
        {
            ref byte start = ref MemoryMarshal.GetReference(filtered);
            Vector128<ulong> total = Vector128<ulong>.Zero;
            for (; i + 16 <= filtered.Length; i += 16)
            {
                Vector128<byte> magnitude = Vector128.Abs(Vector128.LoadUnsafe(ref start, (nuint)i).AsSByte()).AsByte();
                total += Sse2.SumAbsoluteDifferences(magnitude, Vector128<byte>.Zero).AsUInt64();
            }

            sum = (long)(total.GetElement(0) + total.GetElement(1));
        }

        for (; i < filtered.Length; i++)
        {
            int b = filtered[i];
            sum += b < 128 ? b : 256 - b;
        }

        return sum;
    }
}
