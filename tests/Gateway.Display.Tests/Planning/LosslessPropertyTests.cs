using FsCheck.Xunit;
using Gateway.Display.Planning;
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

    /// <summary>
    /// Many puts, fills and copies within each frame, between the default layer, a visible layer and buffers (copies
    /// of content drawn or copied earlier in the same frame, chains, overlapping and translucent copies, layers
    /// resized or disposed and re-created mid-frame), with users joining in the middle of frames: every client ends
    /// each frame byte-identical to the server.
    /// </summary>
    [Property(MaxTest = 60)]
    public void Random_copies_within_frames_render_identically_on_every_client(int seed)
    {
        var rng = new Random(seed);
        int width = rng.Next(1, 300);
        int height = rng.Next(1, 220);
        var h = new PlannerHarness(width, height);
        var model = h.Model;
        int visible = model.CreateLayer();
        model.Move(visible, 0, rng.Next(-20, 40), rng.Next(-20, 40), 1);
        var layers = new List<int> { 0, visible };
        var joiners = new List<ReferenceClient>();
        int frames = rng.Next(2, 7);
        for (int f = 0; f < frames; f++)
        {
            int ops = rng.Next(0, 14);
            for (int i = 0; i < ops; i++)
            {
                int index = layers[rng.Next(layers.Count)];
                var layer = model.GetLayer(index);
                switch (rng.Next(9))
                {
                    case 0:
                        model.Fill(index, RandomRect(rng, layer.Width, layer.Height), RandomColour(rng));
                        break;
                    case 1:
                        {
                            var rect = new PixelRect(rng.Next(-10, layer.Width), rng.Next(-10, layer.Height), rng.Next(1, 90), rng.Next(1, 90));
                            var pixels = rng.Next(2) == 0 ? TestImages.TextLines(rect.Width, rect.Height, rng.Next()) : TestImages.Noise(rect.Width, rect.Height, rng.Next(), opaque: rng.Next(3) != 0);
                            model.Put(index, rect, pixels, rect.Width * 4, blend: rng.Next(5) == 0);
                            break;
                        }

                    case 2:
                    case 3:
                    case 4:
                        {
                            // A copy from any layer to any layer, often a short vertical or 2-D move within one.
                            int target = rng.Next(3) == 0 ? layers[rng.Next(layers.Count)] : index;
                            var to = model.GetLayer(target);
                            var rect = RandomRect(rng, layer.Width, layer.Height);
                            int x = target == index && rng.Next(2) == 0 ? rect.X + rng.Next(-20, 21) : rng.Next(-20, to.Width + 5);
                            int y = target == index && rng.Next(2) == 0 ? rect.Y + rng.Next(-40, 41) : rng.Next(-20, to.Height + 5);
                            model.Copy(index, rect, target, x, y);
                            break;
                        }

                    case 5:
                        // The terminal case: scroll the whole layer by a copy.
                        {
                            int rows = rng.Next(1, Math.Max(2, layer.Height / 3));
                            model.Copy(index, new PixelRect(0, rows, layer.Width, layer.Height - rows), index, 0, 0);
                            break;
                        }

                    case 6:
                        if (rng.Next(4) == 0)
                        {
                            model.Resize(index, rng.Next(1, 300), rng.Next(1, 220));
                        }

                        break;
                    case 7:
                        if (rng.Next(2) == 0 || layers.Count > 5)
                        {
                            int buffer = layers.FirstOrDefault(l => l < 0);
                            if (buffer < 0)
                            {
                                model.DisposeLayer(buffer);
                                layers.Remove(buffer);
                            }
                        }
                        else
                        {
                            int bw = rng.Next(1, 90);
                            int bh = rng.Next(1, 90);
                            int buffer = model.CreateBuffer(bw, bh);
                            layers.Add(buffer);
                            model.Put(buffer, new PixelRect(0, 0, bw, bh), TestImages.Noise(bw, bh, rng.Next(), opaque: rng.Next(2) == 0), bw * 4);
                        }

                        break;
                    default:
                        if (rng.Next(3) == 0)
                        {
                            // A user joins now, with drawing still pending.
                            joiners.Add(h.Join());
                        }

                        break;
                }
            }

            h.FrameForAll(joiners);
        }

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
