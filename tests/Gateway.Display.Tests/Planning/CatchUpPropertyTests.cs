using System.Buffers;
using FsCheck.Xunit;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>
/// A client that stops receiving frames for a while and then gets one <see cref="FrameWriter.WriteCatchUp"/> of
/// what it missed ends up identical to the server, whatever was drawn meanwhile (content, copies, layers created,
/// moved, shaded and disposed, cursor).
/// </summary>
public sealed class CatchUpPropertyTests
{
    [Property(MaxTest = 40)]
    public void A_client_that_missed_frames_is_exact_after_one_catch_up(int seed)
    {
        var rng = new Random(seed);
        var h = new PlannerHarness(rng.Next(40, 300), rng.Next(40, 220));
        var behind = new ReferenceClient();
        var missed = new CoalescedUpdate();
        int frames = rng.Next(4, 12);
        int stopAt = rng.Next(0, frames);
        for (int f = 0; f < frames; f++)
        {
            for (int i = rng.Next(1, 5); i > 0; i--)
            {
                Draw(h, rng);
            }

            var plan = h.Planner.Plan(h.Model.EndFrame());
            var output = new ArrayBufferWriter<byte>();
            h.Writer.Write(plan, output);
            if (f < stopAt)
            {
                behind.Apply(output.WrittenMemory);
            }
            else
            {
                missed.Record(plan.Operations, h.Planner.Sent);
            }
        }

        var catchUp = new ArrayBufferWriter<byte>();
        h.Writer.WriteCatchUp(h.Planner.Sent, missed, catchUp);
        behind.Apply(catchUp.WrittenMemory);
        h.AssertAllLayersSame(behind);
        if (h.Planner.Sent.CursorImage is { } cursor && stopAt < frames)
        {
            Assert.Equal(cursor.Pixels.ToArray(), behind.CursorPixels);
            Assert.Equal((h.Planner.Sent.CursorHotspotX, h.Planner.Sent.CursorHotspotY), (behind.CursorHotspotX, behind.CursorHotspotY));
        }
    }

    [Fact]
    public void Recording_costs_cells_not_frames()
    {
        var h = new PlannerHarness(640, 480);
        h.Frame(); // the initial size is structural; content from here on
        var missed = new CoalescedUpdate();
        var rng = new Random(3);
        for (int f = 0; f < 200; f++)
        {
            var rect = new PixelRect(rng.Next(600), rng.Next(440), 40, 40);
            h.Model.Put(0, rect, TestImages.Noise(40, 40, f, opaque: true), 160);
            missed.Record(h.Planner.Plan(h.Model.EndFrame()).Operations, h.Planner.Sent);
        }

        var grid = Assert.Single(missed.Areas).Value;
        Assert.Equal((10, 8), (grid.Columns, grid.Rows));
        Assert.False(missed.StructureChanged);
        var catchUp = new ArrayBufferWriter<byte>();
        h.Writer.WriteCatchUp(h.Planner.Sent, missed, catchUp);
        Assert.True(catchUp.WrittenCount < 640 * 480 * 4 * 2);
    }

    private static void Draw(PlannerHarness h, Random rng)
    {
        var model = h.Model;
        int w = model.Width;
        int hgt = model.Height;
        var visible = model.Layers.Where(l => l.Index > 0).Select(l => l.Index).ToList();
        switch (rng.Next(9))
        {
            case 0:
            case 1:
                model.Fill(0, new PixelRect(rng.Next(-10, w), rng.Next(-10, hgt), rng.Next(1, w), rng.Next(1, hgt)), new Bgra32((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
                break;
            case 2:
            case 3:
                {
                    var rect = new PixelRect(rng.Next(w), rng.Next(hgt), rng.Next(1, 120), rng.Next(1, 90));
                    model.Put(visible.Count > 0 && rng.Next(3) == 0 ? visible[0] : 0, rect, TestImages.Noise(rect.Width, rect.Height, rng.Next(), opaque: rng.Next(2) == 0), rect.Width * 4);
                    break;
                }

            case 4:
                model.Copy(0, new PixelRect(rng.Next(w), rng.Next(hgt), rng.Next(1, w), rng.Next(1, hgt)), 0, rng.Next(-20, w), rng.Next(-20, hgt));
                break;
            case 5:
                {
                    int layer = model.CreateLayer();
                    model.Resize(layer, rng.Next(1, 100), rng.Next(1, 80));
                    model.Move(layer, 0, rng.Next(w), rng.Next(hgt), rng.Next(-3, 3));
                    model.Shade(layer, rng.Next(256));
                    model.Fill(layer, new PixelRect(0, 0, 30, 30), new Bgra32(1, 2, 3, (byte)rng.Next(256)));
                    break;
                }

            case 6:
                if (visible.Count > 0)
                {
                    model.DisposeLayer(visible[rng.Next(visible.Count)]);
                }
                else
                {
                    model.Resize(0, rng.Next(40, 300), rng.Next(40, 220));
                }

                break;
            case 7:
                {
                    int cw = rng.Next(1, 20);
                    int ch = rng.Next(1, 20);
                    model.SetCursor(rng.Next(cw), rng.Next(ch), cw, ch, TestImages.Noise(cw, ch, rng.Next(), opaque: false), cw * 4);
                    break;
                }

            default:
                if (visible.Count > 0)
                {
                    model.Move(visible[0], 0, rng.Next(w), rng.Next(hgt), rng.Next(5));
                }

                break;
        }
    }
}
