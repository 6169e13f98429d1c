using FsCheck.Xunit;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>
/// Any sequence of drawing operations, planned, written and rendered by the reference client frame after frame,
/// leaves the client byte-identical to the server (lossless PNG), and a joiner sees the same.
/// </summary>
public class LosslessPropertyTests
{
    [Property(MaxTest = 60)]
    public void Random_drawing_renders_identically_on_the_client(int seed)
    {
        var rng = new Random(seed);
        int width = rng.Next(1, 260);
        int height = rng.Next(1, 200);
        var h = new PlannerHarness(width, height);
        int frames = rng.Next(3, 9);
        for (int f = 0; f < frames; f++)
        {
            int ops = rng.Next(0, 6);
            for (int i = 0; i < ops; i++)
            {
                RandomOperation(h, rng);
            }

            h.Frame();
            PlannerHarness.AssertSame(h.Model, h.Client, 0);
        }

        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    private static void RandomOperation(PlannerHarness h, Random rng)
    {
        var model = h.Model;
        int w = model.Width;
        int hgt = model.Height;
        switch (rng.Next(11))
        {
            case 0:
            case 1:
                model.Fill(0, RandomRect(rng, w, hgt), RandomColour(rng));
                break;
            case 2:
            case 3:
                {
                    var rect = RandomRect(rng, w, hgt);
                    if (rect.IsEmpty || rect.Width > 600 || rect.Height > 600)
                    {
                        break;
                    }

                    bool text = rng.Next(2) == 0;
                    var pixels = text ? TestImages.TextLines(rect.Width, rect.Height, rng.Next()) : TestImages.Noise(rect.Width, rect.Height, rng.Next(), opaque: rng.Next(3) != 0);
                    model.Put(0, rect, pixels, rect.Width * 4, blend: rng.Next(4) == 0);
                    break;
                }

            case 4:
            case 5:
                {
                    // A vertical scroll of a band, reported by the back end as a copy or redrawn in place.
                    int x = rng.Next(-5, Math.Max(1, w));
                    int y = rng.Next(-5, Math.Max(1, hgt));
                    var band = new PixelRect(x, y, rng.Next(1, w + 10), rng.Next(1, hgt + 10));
                    int dy = rng.Next(-40, 41);
                    if (rng.Next(2) == 0)
                    {
                        model.Copy(0, band, 0, band.X, band.Y + dy);
                    }
                    else
                    {
                        var snapshot = model.DefaultLayer.Surface.Clone();
                        var scratch = snapshot.Clone();
                        scratch.CopyFrom(snapshot, band, band.X, band.Y + dy);
                        model.Put(0, scratch.Bounds, scratch.Pixels, scratch.Stride);
                    }

                    break;
                }

            case 6:
                model.Copy(0, RandomRect(rng, w, hgt), 0, rng.Next(-20, w + 20), rng.Next(-20, hgt + 20));
                break;
            case 7:
                if (rng.Next(3) == 0)
                {
                    model.Resize(0, rng.Next(1, 260), rng.Next(1, 200));
                }

                break;
            case 8:
                {
                    // Draw via an off-screen buffer, as glyph caches do.
                    int bw = rng.Next(1, 80);
                    int bh = rng.Next(1, 80);
                    int buffer = model.CreateBuffer(bw, bh);
                    model.Put(buffer, new PixelRect(0, 0, bw, bh), TestImages.Noise(bw, bh, rng.Next(), opaque: rng.Next(2) == 0), bw * 4);
                    model.Copy(buffer, new PixelRect(0, 0, bw, bh), 0, rng.Next(-10, w), rng.Next(-10, hgt));
                    if (rng.Next(2) == 0)
                    {
                        model.DisposeLayer(buffer);
                    }

                    break;
                }

            case 9:
            default:
                {
                    // Scroll the whole screen and paint a fresh strip, the terminal case.
                    int rows = rng.Next(1, Math.Max(2, hgt / 2));
                    if (rng.Next(2) == 0)
                    {
                        model.Copy(0, new PixelRect(0, rows, w, hgt - rows), 0, 0, 0);
                    }
                    else
                    {
                        var surface = model.DefaultLayer.Surface;
                        var moved = surface.Clone();
                        moved.CopyFrom(surface, new PixelRect(0, rows, w, hgt - rows), 0, 0);
                        model.Put(0, moved.Bounds, moved.Pixels, moved.Stride);
                    }

                    model.Put(0, new PixelRect(0, hgt - rows, w, rows), TestImages.TextLines(w, rows, rng.Next()), w * 4);
                    break;
                }
        }
    }

    private static PixelRect RandomRect(Random rng, int w, int h) =>
        rng.Next(8) == 0
            ? new PixelRect(rng.Next(int.MinValue, int.MaxValue), rng.Next(int.MinValue, int.MaxValue), rng.Next(int.MinValue, int.MaxValue), rng.Next(int.MinValue, int.MaxValue))
            : new PixelRect(rng.Next(-30, w + 10), rng.Next(-30, h + 10), rng.Next(-5, w + 40), rng.Next(-5, h + 40));

    private static Bgra32 RandomColour(Random rng) => rng.Next(4) switch
    {
        0 => new Bgra32((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)),
        1 => Bgra32.White,
        _ => Bgra32.FromRgb((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)),
    };
}
