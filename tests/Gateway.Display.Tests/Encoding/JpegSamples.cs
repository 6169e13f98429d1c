using System.Runtime.InteropServices;
using SkiaSharp;

namespace Gateway.Display.Tests.Encoding;

/// <summary>Known JPEGs made with SkiaSharp's encoder: a smooth colour pattern in each chroma subsampling, and grey.</summary>
public static class JpegSamples
{
    public enum Kind
    {
        Yuv444,
        Yuv422,
        Yuv420,
        Grey,
    }

    /// <summary>The source pattern as BGRA (opaque); grey images use its green channel for every channel.</summary>
    public static byte[] Pattern(int width, int height, bool grey = false)
    {
        var bgra = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                byte r = (byte)(127 + (100 * Math.Sin(x / 13.0)));
                byte g = (byte)(127 + (100 * Math.Cos(y / 17.0)));
                byte b = (byte)((x + y) * 255 / Math.Max(1, width + height - 2));
                (bgra[i], bgra[i + 1], bgra[i + 2], bgra[i + 3]) = grey ? (g, g, g, (byte)255) : (b, g, r, (byte)255);
            }
        }

        return bgra;
    }

    public static byte[] Encode(int width, int height, Kind kind, int quality = 95)
    {
        var bgra = Pattern(width, height, kind == Kind.Grey);
        if (kind == Kind.Grey)
        {
            var grey = new byte[width * height];
            for (int i = 0; i < grey.Length; i++)
            {
                grey[i] = bgra[(i * 4) + 1];
            }

            return EncodeWith(grey, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), width, quality, SKJpegEncoderDownsample.Downsample444);
        }

        var downsample = kind switch
        {
            Kind.Yuv444 => SKJpegEncoderDownsample.Downsample444,
            Kind.Yuv422 => SKJpegEncoderDownsample.Downsample422,
            _ => SKJpegEncoderDownsample.Downsample420,
        };
        return EncodeWith(bgra, new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque), width * 4, quality, downsample);
    }

    /// <summary>Encodes opaque BGRA rows (tightly packed) as a 4:2:0 JPEG.</summary>
    public static byte[] EncodeBgra(byte[] bgra, int width, int height, int quality = 80) =>
        EncodeWith(bgra, new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque), width * 4, quality, SKJpegEncoderDownsample.Downsample420);

    /// <summary>Largest difference of any colour channel between two BGRA buffers of the same layout.</summary>
    public static int MaxError(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        int max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (i % 4 != 3)
            {
                max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
            }
        }

        return max;
    }

    /// <summary>Splits a JPEG into its marker segments (marker, offset of the 0xFF, length including the marker) up to SOS.</summary>
    public static List<(byte Marker, int Offset, int Length)> Segments(byte[] jpeg)
    {
        var list = new List<(byte, int, int)>();
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            byte marker = jpeg[pos + 1];
            int length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            list.Add((marker, pos, length + 2));
            if (marker == 0xDA)
            {
                break;
            }

            pos += length + 2;
        }

        return list;
    }

    private static byte[] EncodeWith(byte[] pixels, SKImageInfo info, int stride, int quality, SKJpegEncoderDownsample downsample)
    {
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), stride);
            using var data = pixmap.Encode(new SKJpegEncoderOptions(quality, downsample, SKJpegEncoderAlphaOption.Ignore))
                ?? throw new InvalidOperationException("skia could not encode the sample");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }
}
