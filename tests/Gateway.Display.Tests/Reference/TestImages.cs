using Gateway.Display.Surfaces;

namespace Gateway.Display.Tests.Reference;

/// <summary>Deterministic test content.</summary>
public static class TestImages
{
    /// <summary>Text-like pixels: dark glyph-ish strokes on a light background, different for every line and column.</summary>
    public static byte[] TextLines(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool ink = rng.Next(5) == 0 && (y % 16) is > 2 and < 14;
                var c = ink ? Bgra32.FromRgb((byte)rng.Next(40), (byte)rng.Next(40), (byte)rng.Next(60)) : Bgra32.FromRgb(250, 250, 245);
                BitConverter.TryWriteBytes(pixels.AsSpan(((y * width) + x) * 4), c.ToUInt32());
            }
        }

        return pixels;
    }

    public static byte[] Noise(int width, int height, int seed, bool opaque = true)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 4];
        rng.NextBytes(pixels);
        if (opaque)
        {
            for (int i = 3; i < pixels.Length; i += 4)
            {
                pixels[i] = 255;
            }
        }

        return pixels;
    }
}
