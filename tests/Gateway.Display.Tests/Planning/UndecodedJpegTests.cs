using System.Buffers;
using FsCheck.Xunit;
using Gateway.Display.Encoding;
using Gateway.Display.Layers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Encoding;
using Gateway.Display.Tests.Reference;
using TestImages = Gateway.Display.Tests.Reference.TestImages;

namespace Gateway.Display.Tests.Planning;

/// <summary>
/// A back end's JPEG kept undecoded by the model (<c>DisplayModel.DeferDecoding</c>) until something needs its pixels:
/// the next frame's JPEG over the same area drops it unread, and every client, joiner and refresh still sees exactly
/// the pixels it decodes to.
/// </summary>
public class UndecodedJpegTests
{
    private static readonly PixelWriter Unused = (_, _) => throw new InvalidOperationException("the model should decode deferred JPEGs itself");

    private static byte[] Jpeg(int width, int height, int seed) =>
        JpegSamples.EncodeBgra(TestImages.Noise(width, height, seed, opaque: true), width, height, quality: 60);

    private static void PutJpeg(PlannerHarness h, int layer, PixelRect rect, int seed) =>
        Assert.True(h.Model.TryPutEncoded(layer, rect, Unused, ImageFormat.Jpeg, Jpeg(rect.Width, rect.Height, seed)));

    /// <summary>Covers a 320×240 layer with strips of 320×48 (no strip a whole 64×64 cell, as Tight sends them).</summary>
    private static void Strips(PlannerHarness h, int seed)
    {
        for (int y = 0; y < 240; y += 48)
        {
            PutJpeg(h, 0, new PixelRect(0, y, 320, 48), seed + y);
        }
    }

    [Fact]
    public void Jpegs_replaced_wholly_by_the_next_frames_jpegs_are_never_decoded()
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.White);
        h.Frame();
        for (int frame = 0; frame < 5; frame++)
        {
            Strips(h, frame * 1000);
            var plan = h.Frame();
            Assert.Equal(5, plan.Operations.Count(o => o.IsPreEncoded));
            Assert.Equal(5, plan.Count(PlanOperationKind.Image));
            h.AssertAllLayersSame();
        }

        Assert.Equal(0, h.Model.DecodedImages);

        // Anyone reading the layer gets the decoded pixels.
        var expected = h.Model.CopyCurrent(0);
        Assert.True(h.Model.DefaultLayer.Surface.ContentEquals(expected));
        Assert.Equal(5, h.Model.DecodedImages);
    }

    [Fact]
    public void Cells_only_jpegs_wrote_are_neither_diffed_nor_saved_even_when_partly_covered()
    {
        // A server sends the top 144 rows now and the rest in the next update: cell row 2 (128-191) is split.
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.FromRgb(1, 2, 3));
        h.Frame();
        for (int frame = 0; frame < 4; frame++)
        {
            for (int y = 0; y < 144; y += 48)
            {
                PutJpeg(h, 0, new PixelRect(0, y, 320, 48), (frame * 100) + y);
            }

            Assert.Equal(0, h.Model.PendingSnapshots.Values.Sum(s => s.SavedBands));
            var plan = h.Frame();
            Assert.Equal(3, plan.Count(PlanOperationKind.Image));
            Assert.Equal(plan.Operations.Count, plan.Operations.Count(o => o.IsPreEncoded));
            h.AssertAllLayersSame();

            for (int y = 144; y < 240; y += 48)
            {
                PutJpeg(h, 0, new PixelRect(0, y, 320, 48), (frame * 100) + y);
            }

            plan = h.Frame();
            Assert.Equal(plan.Operations.Count, plan.Operations.Count(o => o.IsPreEncoded));
            h.AssertAllLayersSame();
        }

        Assert.Equal(0, h.Model.DecodedImages);
        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void Drawing_over_part_of_a_jpeg_of_the_same_frame_keeps_the_frame_start_picture()
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.FromRgb(90, 90, 90));
        h.Frame();
        PutJpeg(h, 0, new PixelRect(0, 0, 320, 100), 1);
        h.Model.Fill(0, new PixelRect(10, 90, 30, 30), Bgra32.FromRgb(90, 90, 90));
        PutJpeg(h, 0, new PixelRect(0, 150, 320, 60), 2);
        h.Model.Put(0, new PixelRect(300, 140, 20, 20), TestImages.TextLines(20, 20, 4), 80);
        var joiner = h.Join();
        h.Frame();
        h.AssertAllLayersSame();
        var plan = h.Planner.Plan(h.Model.EndFrame());
        Assert.True(plan.Operations.Count == 0);
        Assert.True(joiner.Layers[0].Pixels.AsSpan().IndexOfAnyExcept((byte)90, (byte)255) < 0, "the joiner did not get the frame-start picture");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Strips_tiled_differently_by_the_next_update_hide_rows_instead_of_decoding(bool joinMidFrame)
    {
        // Servers tile each update from its own top: the next update's strips cover the old ones' tops and bottoms.
        var h = new PlannerHarness(320, 240);
        Strips(h, 1);
        h.Frame();
        PutJpeg(h, 0, new PixelRect(0, 0, 320, 30), 2);
        for (int y = 30; y < 240; y += 48)
        {
            PutJpeg(h, 0, new PixelRect(0, y, 320, Math.Min(48, 240 - y)), 3 + y);
        }

        if (joinMidFrame)
        {
            var joiner = h.Join();
            Assert.True(h.Client.Layers[0].Pixels.AsSpan().SequenceEqual(joiner.Layers[0].Pixels), "the joiner did not get what the others hold");
        }
        else
        {
            Assert.Equal(0, h.Model.DecodedImages);
        }

        var plan = h.Frame();
        Assert.Equal(plan.Operations.Count, plan.Operations.Count(o => o.IsPreEncoded));
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_column_sent_apart_hides_columns_instead_of_decoding(bool joinMidFrame)
    {
        // Xvnc sends a full-screen change as a narrow full-height column and full-width strips beside it.
        var h = new PlannerHarness(320, 240);
        Strips(h, 7);
        h.Frame();
        for (int frame = 0; frame < 3; frame++)
        {
            PutJpeg(h, 0, new PixelRect(0, 0, 13, 240), 8 + frame);
            if (joinMidFrame && frame == 1)
            {
                var joiner = h.Join();
                Assert.True(h.Client.Layers[0].Pixels.AsSpan().SequenceEqual(joiner.Layers[0].Pixels), "the joiner did not get what the others hold");
            }

            h.Frame();
            h.AssertAllLayersSame();
            Strips(h, 100 * frame);
            h.Frame();
            h.AssertAllLayersSame();
        }

        if (!joinMidFrame)
        {
            // Each column lies across every strip: it is decoded once the next strips cut it into pieces.
            Assert.True(h.Model.DecodedImages <= 3, $"{h.Model.DecodedImages} JPEGs decoded");
        }

        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void A_layer_keeps_a_bounded_number_of_jpegs_undecoded()
    {
        // Many small JPEGs that never cover one another, 200 a frame: past the limit they are decoded as they arrive.
        var h = new PlannerHarness(320, 240);
        var jpeg = Jpeg(8, 8, 1);
        int count = 0;
        for (int y = 0; y + 8 <= 240; y += 8)
        {
            for (int x = 0; x + 8 <= 320; x += 8)
            {
                Assert.True(h.Model.TryPutEncoded(0, new PixelRect(x, y, 8, 8), (d, stride) =>
                {
                    Assert.Equal(JpegDecodeResult.Decoded, JpegDecoder.Shared.Decode(jpeg, 8, 8, d, stride));
                }, ImageFormat.Jpeg, jpeg));
                if (++count % 200 == 0)
                {
                    h.Frame();
                    Assert.InRange(h.Model.DefaultLayer.Deferred.Count, 0, DisplayModel.MaxDeferredImages);
                }
            }
        }

        Assert.True(count > 2 * DisplayModel.MaxDeferredImages);
        h.Frame();
        Assert.InRange(h.Model.DefaultLayer.Deferred.Count, 0, DisplayModel.MaxDeferredImages);
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void A_joiner_gets_the_rows_a_jpeg_of_the_frame_being_drawn_only_hides()
    {
        var h = new PlannerHarness(320, 240);
        Strips(h, 5);
        h.Frame();
        PutJpeg(h, 0, new PixelRect(0, 0, 320, 30), 6);
        var joiner = h.Join();
        Assert.True(h.Client.Layers[0].Pixels.AsSpan().SequenceEqual(joiner.Layers[0].Pixels), "the joiner did not get what the others hold");
        h.FrameForAll([joiner]);
    }

    [Fact]
    public void Rows_hidden_over_two_frames_are_restored_for_a_joiner_in_between()
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.Black);
        h.Frame();
        PutJpeg(h, 0, new PixelRect(0, 40, 320, 100), 1);
        h.Frame();

        // Its top rows go under a newer JPEG, then its bottom rows under a fill, in the next frames.
        PutJpeg(h, 0, new PixelRect(0, 20, 320, 50), 2);
        h.Frame();
        h.AssertAllLayersSame();
        h.Model.Fill(0, new PixelRect(0, 120, 320, 40), Bgra32.Black);
        h.Model.Fill(0, new PixelRect(0, 0, 10, 10), Bgra32.White);
        var joiner = h.Join();
        Assert.True(h.Client.Layers[0].Pixels.AsSpan().SequenceEqual(joiner.Layers[0].Pixels), "the joiner did not get what the others hold");
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_user_joining_while_a_frame_replaces_undecoded_jpegs_gets_the_old_ones()
    {
        var h = new PlannerHarness(320, 240);
        Strips(h, 1);
        h.Frame();
        Strips(h, 2);

        var joiner = h.Join();
        Assert.True(h.Client.Layers[0].Pixels.AsSpan().SequenceEqual(joiner.Layers[0].Pixels), "the joiner did not get what the others hold");

        h.FrameForAll([joiner]);
    }

    public static TheoryData<string> PartialDrawings => ["fill", "put", "blend", "copy-from", "copy-over", "jpeg-over", "resize", "read"];

    [Theory]
    [MemberData(nameof(PartialDrawings))]
    public void Drawing_over_part_of_an_undecoded_jpeg_decodes_it_first(string drawing)
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.FromRgb(20, 40, 60));
        h.Frame();
        var rect = new PixelRect(40, 30, 200, 150);
        PutJpeg(h, 0, rect, 7);
        h.Frame();

        switch (drawing)
        {
            case "fill":
                h.Model.Fill(0, new PixelRect(100, 100, 30, 30), Bgra32.Black);
                break;
            case "put":
                h.Model.Put(0, new PixelRect(200, 150, 80, 60), TestImages.TextLines(80, 60, 3), 320);
                break;
            case "blend":
                h.Model.Put(0, new PixelRect(40, 30, 200, 150), TestImages.Noise(200, 150, 5, opaque: false), 800, blend: true);
                break;
            case "copy-from":
                h.Model.Copy(0, new PixelRect(60, 60, 50, 50), 0, 250, 180);
                break;
            case "copy-over":
                h.Model.Copy(0, new PixelRect(0, 0, 100, 100), 0, 150, 100);
                break;
            case "jpeg-over":
                PutJpeg(h, 0, new PixelRect(100, 80, 200, 150), 9);
                break;
            case "resize":
                h.Model.Resize(0, 200, 200);
                break;
            default:
                _ = h.Model.DefaultLayer.Surface;
                break;
        }

        h.Frame();
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());

        // The old JPEG once; a new one that leaves cells partly covered is decoded for the diff of those cells.
        Assert.Equal(drawing == "jpeg-over" ? 2 : 1, h.Model.DecodedImages);
    }

    [Fact]
    public void Filling_over_an_undecoded_jpeg_with_the_colour_still_under_it_is_sent()
    {
        // The surface under a JPEG never decoded is still black: the diff must compare with the JPEG, not with that.
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.Black);
        h.Frame();
        Strips(h, 31);
        h.Frame();
        h.Model.Fill(0, new PixelRect(0, 48, 320, 48), Bgra32.Black);
        var plan = h.Frame();
        Assert.Equal(1, plan.Count(PlanOperationKind.Fill));
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void Changes_in_cells_an_undecoded_jpeg_shares_are_diffed_against_its_pixels()
    {
        // The text lands in cells that the earlier JPEG covers in part: the diff compares with the JPEG's pixels.
        var h = new PlannerHarness(320, 240);
        Strips(h, 11);
        h.Frame();
        h.Model.Put(0, new PixelRect(300, 200, 20, 40), TestImages.TextLines(20, 40, 1), 80);
        PutJpeg(h, 0, new PixelRect(0, 0, 100, 40), 12);
        h.Frame();
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void A_lossless_refresh_reads_the_decoded_pixels()
    {
        var h = new PlannerHarness(320, 240);
        Strips(h, 21);
        var plan = h.Frame();
        var lossy = new LossyRegions();
        lossy.Apply(plan.Operations, plan.Operations.Where(o => o.Kind == PlanOperationKind.Image).Select(_ => true).ToList(), h.Planner.Sent, now: 0);
        Assert.False(lossy.AnyDue(500, 1000));
        Assert.True(lossy.AnyDue(1000, 1000));

        List<PlanOperation> refresh = [];
        h.Planner.ReadSent(h.Model, state => refresh = lossy.TakeRefresh(state, 1000, 1000, 1000));
        Assert.NotEmpty(refresh);
        Assert.False(lossy.AnyDue(2000, 1000));
        var output = new ArrayBufferWriter<byte>();
        h.Writer.Write(refresh, output, null);
        h.Client.Apply(output.WrittenMemory);
        h.AssertAllLayersSame();
        Assert.Equal(5, h.Model.DecodedImages);
    }

    /// <summary>
    /// JPEGs (often in strips that cover whole cells, as video arrives), fills, puts, copies from and onto them, resizes,
    /// layers and users joining mid-frame, with the model never read in between: every client ends each frame with
    /// exactly the pixels the model's JPEGs decode to.
    /// </summary>
    [Property(MaxTest = 80)]
    public void Random_drawing_with_undecoded_jpegs_renders_identically_on_every_client(int seed)
    {
        var rng = new Random(seed);
        var h = new PlannerHarness(rng.Next(16, 260), rng.Next(16, 200));
        var model = h.Model;
        int visible = model.CreateLayer();
        model.Move(visible, 0, rng.Next(-20, 40), rng.Next(-20, 40), 1);
        int[] layers = [0, visible];
        var joiners = new List<ReferenceClient>();
        var jpegs = new List<(int Layer, PixelRect Rect)>();
        int frames = rng.Next(2, 8);
        for (int f = 0; f < frames; f++)
        {
            int ops = rng.Next(0, 10);
            for (int i = 0; i < ops; i++)
            {
                int index = layers[rng.Next(layers.Length)];
                var layer = model.GetLayer(index);
                int w = layer.Width;
                int hgt = layer.Height;
                switch (rng.Next(10))
                {
                    case 0:
                    case 1:
                    case 2:
                        {
                            // Strips covering the layer, or a band of it.
                            int strip = rng.Next(8, 70);
                            int top = rng.Next(2) == 0 ? 0 : rng.Next(0, hgt);
                            int bottom = rng.Next(2) == 0 ? hgt : rng.Next(top, hgt + 1);
                            for (int y = top; y < bottom; y += strip)
                            {
                                var rect = new PixelRect(0, y, w, Math.Min(strip, bottom - y));
                                Assert.True(model.TryPutEncoded(index, rect, Unused, ImageFormat.Jpeg, Jpeg(rect.Width, rect.Height, rng.Next())));
                                jpegs.Add((index, rect));
                            }

                            break;
                        }

                    case 3:
                    case 4:
                        {
                            int x = rng.Next(0, w);
                            int y = rng.Next(0, hgt);
                            var rect = new PixelRect(x, y, rng.Next(1, w - x + 1), rng.Next(1, hgt - y + 1));
                            Assert.True(model.TryPutEncoded(index, rect, Unused, ImageFormat.Jpeg, Jpeg(rect.Width, rect.Height, rng.Next())));
                            jpegs.Add((index, rect));
                            break;
                        }

                    case 5:
                        {
                            // Often the colour still under never-decoded JPEGs (a new layer's transparent black).
                            var colour = rng.Next(2) == 0 ? default : Bgra32.FromRgb((byte)rng.Next(256), 0, 0);
                            var rect = rng.Next(4) switch
                            {
                                // Over a JPEG drawn earlier, wholly.
                                0 when jpegs.Count > 0 && jpegs[rng.Next(jpegs.Count)] is var (_, j) => rng.Next(2) == 0 ? j : new PixelRect(j.X - 1, j.Y - 1, j.Width + 2, j.Height + 2),
                                1 => new PixelRect(0, rng.Next(0, hgt), w, rng.Next(1, 80)),
                                2 when rng.Next(2) == 0 => new PixelRect(rng.Next(2) == 0 ? 0 : rng.Next(0, w), 0, rng.Next(1, 20), hgt),
                                _ => new PixelRect(rng.Next(-10, w), rng.Next(-10, hgt), rng.Next(1, 80), rng.Next(1, 80)),
                            };
                            model.Fill(index, rect, colour);
                            break;
                        }

                    case 6:
                        {
                            var rect = new PixelRect(rng.Next(-10, w), rng.Next(-10, hgt), rng.Next(1, 60), rng.Next(1, 60));
                            model.Put(index, rect, TestImages.Noise(rect.Width, rect.Height, rng.Next(), opaque: rng.Next(3) != 0), rect.Width * 4, blend: rng.Next(3) == 0);
                            break;
                        }

                    case 7:
                        {
                            int target = layers[rng.Next(layers.Length)];
                            var rect = new PixelRect(rng.Next(-10, w), rng.Next(-10, hgt), rng.Next(1, w + 10), rng.Next(1, hgt + 10));
                            model.Copy(index, rect, target, rect.X + rng.Next(-30, 31), rect.Y + rng.Next(-30, 31));
                            break;
                        }

                    case 8:
                        if (rng.Next(4) == 0)
                        {
                            model.Resize(index, rng.Next(16, 260), rng.Next(16, 200));
                        }

                        break;
                    default:
                        if (rng.Next(3) == 0)
                        {
                            // A user joins now, with drawing still pending (which decodes every JPEG clients hold).
                            joiners.Add(h.Join());
                        }

                        break;
                }
            }

            h.FrameForAll(joiners);
        }

        h.AssertAllLayersSame(h.Join());
    }
}
