using System.Buffers.Binary;
using Gateway.Display.Tests.Reference;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>
/// A deterministic 64×32 true-colour picture written as an XWD file for <c>xwud</c>: the top half eight 8-pixel
/// colour bars, the bottom-left quarter grey 808080, the bottom-right a 512-colour gradient (so a Tight server
/// with a quality level sends it as JPEG).
/// </summary>
public static class TestPattern
{
    public const int Width = 64;
    public const int Height = 32;
    public const uint Background = 0x336699;

    private static readonly uint[] Bars = [0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000];

    /// <summary>The RGB colour of the pattern at (x, y).</summary>
    public static uint Rgb(int x, int y)
    {
        if (y < Height / 2)
        {
            return Bars[x / 8];
        }

        if (x < Width / 2)
        {
            return 0x808080;
        }

        uint r = (uint)((x - (Width / 2)) * 8);
        uint g = (uint)((y - (Height / 2)) * 16);
        uint b = (uint)(((x * 5) + (y * 3)) & 0xFF);
        return (r << 16) | (g << 8) | b;
    }

    /// <summary>Writes the XWD file (X11 window dump, version 7, 32-bit ZPixmap, MSB first).</summary>
    public static void WriteXwd(string path)
    {
        byte[] name = "pattern\0"u8.ToArray();
        int headerSize = 100 + name.Length;
        var file = new byte[headerSize + (Width * Height * 4)];
        uint[] header =
        [
            (uint)headerSize, 7, 2, 24, Width, Height, 0, 1, 32, 1, 32, 32, Width * 4, 4,
            0xFF0000, 0x00FF00, 0x0000FF, 8, 256, 0, Width, Height, 0, 0, 0,
        ];
        for (int i = 0; i < header.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(i * 4), header[i]);
        }

        name.CopyTo(file, 100);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(headerSize + (((y * Width) + x) * 4)), Rgb(x, y));
            }
        }

        File.WriteAllBytes(path, file);
    }

    /// <summary>The RGB of a reference-client pixel (BGRA in memory).</summary>
    public static uint RgbAt(ReferenceLayer layer, int x, int y) => layer.Get(x, y) & 0xFFFFFF;

    /// <summary>Finds the pattern's top-left corner on layer 0: a white pixel followed 8 pixels on by yellow, with no white to its left.</summary>
    public static (int X, int Y)? Find(ReferenceLayer layer)
    {
        for (int y = 0; y + Height <= layer.Height; y++)
        {
            for (int x = 1; x + Width <= layer.Width; x++)
            {
                if (RgbAt(layer, x, y) == 0xFFFFFF && RgbAt(layer, x - 1, y) != 0xFFFFFF && RgbAt(layer, x + 8, y) == 0xFFFF00
                    && (y == 0 || RgbAt(layer, x, y - 1) != 0xFFFFFF))
                {
                    return (x, y);
                }
            }
        }

        return null;
    }

    /// <summary>The largest per-channel difference between the pattern and layer 0 at <paramref name="origin"/>.</summary>
    public static int MaxDifference(ReferenceLayer layer, (int X, int Y) origin)
    {
        int worst = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                uint want = Rgb(x, y);
                uint got = RgbAt(layer, origin.X + x, origin.Y + y);
                for (int shift = 0; shift < 24; shift += 8)
                {
                    worst = Math.Max(worst, Math.Abs((int)((want >> shift) & 0xFF) - (int)((got >> shift) & 0xFF)));
                }
            }
        }

        return worst;
    }
}
