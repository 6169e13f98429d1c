namespace Gateway.Benchmarks;

/// <summary>Deterministic test images that look like a desktop: flat UI, text, a gradient and a photo block.</summary>
internal static class EncoderBenchmarkImages
{
    /// <summary>A 1920×1080 desktop frame in BGRA.</summary>
    public static (byte[] Pixels, int Width, int Height) Frame()
    {
        const int w = 1920, h = 1080;
        var px = new uint[w * h];
        Fill(px, w, 0, 0, w, h, Rgb(58, 110, 165));                       // desktop
        for (int y = 860; y < 1040; y++)                                   // wallpaper gradient band
        {
            for (int x = 0; x < w; x++)
            {
                px[(y * w) + x] = Rgb(x * 255 / (w - 1), 90 + ((y - 860) / 2), 200 - (x * 120 / (w - 1)));
            }
        }

        Window(px, w, 100, 80, 1100, 720, Rgb(255, 255, 255));            // editor window
        Text(px, w, 112, 124, 1188, 790, Rgb(30, 30, 30), Rgb(255, 255, 255));
        Window(px, w, 1260, 120, 600, 520, Rgb(240, 240, 240));           // side panel
        Text(px, w, 1272, 164, 1848, 400, Rgb(20, 20, 90), Rgb(240, 240, 240));
        for (int i = 0; i < 6; i++)                                        // buttons
        {
            Fill(px, w, 1280 + (i * 95), 430, 85, 28, Rgb(0, 120, 215));
            Text(px, w, 1288 + (i * 95), 436, 1355 + (i * 95), 454, Rgb(255, 255, 255), Rgb(0, 120, 215));
        }

        var random = new Random(1234);                                     // 600×200 "photo"
        for (int y = 660; y < 860; y++)
        {
            for (int x = 1260; x < 1860; x++)
            {
                px[(y * w) + x] = 0xFF000000u | (uint)random.Next(0, 1 << 24);
            }
        }

        Fill(px, w, 0, 1040, w, 40, Rgb(32, 32, 40));                      // taskbar
        for (int i = 0; i < 12; i++)
        {
            Fill(px, w, 60 + (i * 48), 1046, 28, 28, Rgb(80 + (i * 12), 160, 220 - (i * 10)));
        }

        Text(px, w, 1780, 1050, 1910, 1070, Rgb(230, 230, 230), Rgb(32, 32, 40));
        return (ToBytes(px), w, h);
    }

    /// <summary>A 256×256 tile of anti-aliased text on white in BGRA.</summary>
    public static (byte[] Pixels, int Width, int Height) TextTile()
    {
        var px = new uint[256 * 256];
        Fill(px, 256, 0, 0, 256, 256, Rgb(255, 255, 255));
        Text(px, 256, 4, 4, 252, 252, Rgb(30, 30, 30), Rgb(255, 255, 255));
        return (ToBytes(px), 256, 256);
    }

    private static uint Rgb(int r, int g, int b) => 0xFF000000u | ((uint)(r & 0xFF) << 16) | ((uint)(g & 0xFF) << 8) | (uint)(b & 0xFF);

    private static void Fill(uint[] px, int stride, int x0, int y0, int width, int height, uint colour)
    {
        for (int y = y0; y < y0 + height; y++)
        {
            px.AsSpan((y * stride) + x0, width).Fill(colour);
        }
    }

    private static void Window(uint[] px, int stride, int x, int y, int width, int height, uint body)
    {
        Fill(px, stride, x, y, width, height, Rgb(160, 160, 160));
        Fill(px, stride, x + 1, y + 1, width - 2, 30, Rgb(225, 225, 230));
        Fill(px, stride, x + 1, y + 31, width - 2, height - 32, body);
        Fill(px, stride, x + width - 40, y + 8, 14, 14, Rgb(200, 60, 60));
    }

    /// <summary>Glyph-like strokes in 8×16 cells: dark core pixels with one blended edge level, words and line breaks.</summary>
    private static void Text(uint[] px, int stride, int x0, int y0, int x1, int y1, uint ink, uint paper)
    {
        uint edge = Blend(ink, paper);
        int line = 0;
        for (int y = y0; y + 16 <= y1; y += 18, line++)
        {
            int lineEnd = x1 - (((line * 37) % 9) * 40);
            for (int x = x0, cell = 0; x + 8 <= lineEnd; x += 8, cell++)
            {
                uint hash = (uint)((line * 7919) + (cell * 104729)) * 2654435761u;
                if (hash % 7 == 0)
                {
                    continue; // space between words
                }

                int top = (hash >> 8) % 3 == 0 ? 2 : 5; // ascenders
                for (int s = 0; s < 3; s++)
                {
                    uint bits = hash >> (s * 9);
                    if ((bits & 1) != 0)
                    {
                        int sx = x + 1 + (int)((bits >> 1) % 5); // vertical stroke
                        for (int yy = y + top; yy < y + 13; yy++)
                        {
                            px[(yy * stride) + sx] = ink;
                            px[(yy * stride) + sx + 1] = edge;
                        }
                    }
                    else
                    {
                        int sy = y + top + (int)((bits >> 1) % (uint)(13 - top)); // horizontal stroke
                        for (int xx = x + 1; xx < x + 7; xx++)
                        {
                            px[(sy * stride) + xx] = ink;
                            px[((sy + 1) * stride) + xx] = edge;
                        }
                    }
                }
            }
        }
    }

    private static uint Blend(uint a, uint b)
    {
        uint r = (((a >> 16) & 0xFF) + ((b >> 16) & 0xFF)) / 2;
        uint g = (((a >> 8) & 0xFF) + ((b >> 8) & 0xFF)) / 2;
        uint bl = ((a & 0xFF) + (b & 0xFF)) / 2;
        return 0xFF000000u | (r << 16) | (g << 8) | bl;
    }

    private static byte[] ToBytes(uint[] px)
    {
        var bytes = new byte[px.Length * 4];
        Buffer.BlockCopy(px, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
