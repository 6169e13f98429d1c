using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Encoding;
using SkiaSharp;

namespace Gateway.Display.Tests.Encoding;

/// <summary>Deterministic BGRA test images and a SkiaSharp decoder to check encoder output against.</summary>
internal static class TestImages
{
    /// <summary>A BGRA image with <paramref name="stride"/> bytes per row; padding bytes are filled with junk.</summary>
    public sealed record Image(byte[] Pixels, int Width, int Height, int Stride)
    {
        public uint this[int x, int y]
        {
            get => BitConverter.ToUInt32(Pixels, (y * Stride) + (4 * x));
            set => BitConverter.TryWriteBytes(Pixels.AsSpan((y * Stride) + (4 * x)), value);
        }
    }

    public static Image Create(int width, int height, int stride, Func<int, int, uint> colour)
    {
        var pixels = new byte[((height - 1) * stride) + (width * 4) + (stride - (width * 4))];
        pixels.AsSpan().Fill(0xA5);
        var image = new Image(pixels, width, height, stride);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = colour(x, y);
            }
        }

        return image;
    }

    public static Image Create(int width, int height, Func<int, int, uint> colour) => Create(width, height, width * 4, colour);

    /// <summary>An opaque BGRA word from red, green and blue.</summary>
    public static uint Rgb(int r, int g, int b) => 0xFF000000u | ((uint)r << 16) | ((uint)g << 8) | (uint)b;

    /// <summary>Opaque random noise (photographic worst case).</summary>
    public static Image Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Create(width, height, (_, _) => 0xFF000000u | (uint)random.Next(0, 1 << 24));
    }

    /// <summary>Flat background with dark "text" strokes: screen content.</summary>
    public static Image Text(int width, int height) => Create(width, height, (x, y) =>
        (y % 12) is >= 3 and <= 9 && (((x * 7) + (y * 3)) % 11) < 3 && (x / 40) % 3 != 2 ? Rgb(20, 20, 30) : Rgb(250, 250, 250));

    /// <summary>Exactly <paramref name="colours"/> distinct opaque colours, cycling along the pixels.</summary>
    public static Image WithColours(int width, int height, int colours) =>
        Create(width, height, (x, y) => Rgb(((((y * width) + x) % colours) * 37) & 0xFF, (((y * width) + x) % colours) >> 8 == 0 ? 10 : 200, (((y * width) + x) % colours) & 0xFF));

    public static byte[] Encode(IImageEncoder encoder, Image image, EncodeOptions options)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode(image.Pixels, image.Width, image.Height, image.Stride, options, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes with SkiaSharp into tightly packed, unpremultiplied BGRA.</summary>
    public static (byte[] Pixels, int Width, int Height) Decode(byte[] file)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("skia cannot open the image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        GCHandle handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            SKCodecResult result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result != SKCodecResult.Success)
            {
                throw new InvalidOperationException($"skia decode failed: {result}");
            }
        }
        finally
        {
            handle.Free();
        }

        return (pixels, info.Width, info.Height);
    }

    /// <summary>The largest per-channel difference between the decoded image and the source (alpha forced opaque unless <paramref name="alpha"/>).</summary>
    public static int MaxChannelError(Image source, byte[] decoded, bool alpha)
    {
        int max = 0;
        for (int y = 0; y < source.Height; y++)
        {
            for (int x = 0; x < source.Width; x++)
            {
                uint expected = source[x, y] | (alpha ? 0u : 0xFF000000u);
                uint actual = BitConverter.ToUInt32(decoded, ((y * source.Width) + x) * 4);
                for (int shift = 0; shift < 32; shift += 8)
                {
                    max = Math.Max(max, Math.Abs((int)((expected >> shift) & 0xFF) - (int)((actual >> shift) & 0xFF)));
                }
            }
        }

        return max;
    }
}
