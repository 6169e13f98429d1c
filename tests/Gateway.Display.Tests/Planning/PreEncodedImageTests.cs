using Gateway.Display.Encoding;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Encoding;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>A back end's own JPEG (<c>DisplayModel.PutEncoded</c>) planned as one image carrying those bytes.</summary>
public class PreEncodedImageTests
{
    private static PlannerHarness Started()
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.White);
        h.Frame();
        return h;
    }

    private static (byte[] Jpeg, byte[] Pixels, byte[] Sanitized) Sample(int width, int height)
    {
        var jpeg = JpegSamples.Encode(width, height, JpegSamples.Kind.Yuv420, quality: 80);
        var pixels = new byte[width * height * 4];
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder().Decode(jpeg, width, height, pixels, width * 4));
        var sanitized = new byte[jpeg.Length];
        Assert.True(JpegSanitizer.TrySanitize(jpeg, width, height, sanitized, out int length));
        return (jpeg, pixels, sanitized[..length]);
    }

    private static PlanOperation[] PreEncoded(FramePlan plan) => plan.Operations.Where(o => o.IsPreEncoded).ToArray();

    [Fact]
    public void A_jpeg_rectangle_is_planned_as_one_image_with_exactly_the_sanitised_bytes()
    {
        var h = Started();
        var (jpeg, pixels, sanitized) = Sample(100, 70);
        var rect = new PixelRect(30, 50, 100, 70);
        h.Model.PutEncoded(0, rect, pixels, 400, ImageFormat.Jpeg, jpeg);
        var plan = h.Frame();

        var op = Assert.Single(PreEncoded(plan));
        Assert.Equal(PlanOperationKind.Image, op.Kind);
        Assert.Equal(rect, op.Rect);
        Assert.Equal(ImageFormat.Jpeg, op.EncodedFormat);
        Assert.Equal(sanitized, op.Encoded.ToArray());
        Assert.False(op.HasAlpha);

        // The operation carries no pixels (the writer decodes the JPEG if it must encode the image itself).
        Assert.Null(op.Pixels);

        // The diff found the rectangle equal: nothing else was sent, and the mirror is the model.
        Assert.Single(plan.Operations);
        Assert.True(h.Planner.Sent.TryGetLayer(0, out var sent));
        Assert.True(sent.Surface.ContentEquals(h.Model.DefaultLayer.Surface));
        h.AssertAllLayersSame();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_jpeg_decoded_straight_into_the_layer_is_planned_like_one_put_first(bool defer)
    {
        var h = Started();
        h.Model.DeferDecoding = defer;
        var (jpeg, pixels, sanitized) = Sample(100, 70);
        var rect = new PixelRect(30, 50, 100, 70);
        bool called = false;
        Assert.True(h.Model.TryPutEncoded(0, rect, (destination, stride) =>
        {
            called = true;
            for (int y = 0; y < rect.Height; y++)
            {
                pixels.AsSpan(y * 400, 400).CopyTo(destination[(y * stride)..]);
            }
        }, ImageFormat.Jpeg, jpeg));
        var plan = h.Frame();

        // Deferred, the model decodes the sanitised JPEG itself when asked, to the same pixels.
        Assert.Equal(!defer, called);
        var op = Assert.Single(PreEncoded(plan));
        Assert.Equal(rect, op.Rect);
        Assert.Equal(sanitized, op.Encoded.ToArray());
        Assert.Null(op.Pixels);
        Assert.Single(plan.Operations);
        h.AssertAllLayersSame();
        var surface = h.Model.DefaultLayer.Surface;
        for (int y = 0; y < rect.Height; y++)
        {
            Assert.True(surface.Pixels.Slice(((rect.Y + y) * surface.Stride) + (rect.X * 4), 400).SequenceEqual(pixels.AsSpan(y * 400, 400)));
        }
    }

    [Fact]
    public void Decoding_straight_into_the_layer_is_refused_outside_it_and_a_failed_decode_still_counts_as_drawn()
    {
        var h = Started();
        h.Model.DeferDecoding = false;
        var (jpeg, _, _) = Sample(100, 70);
        bool called = false;
        Assert.False(h.Model.TryPutEncoded(0, new PixelRect(250, 200, 100, 70), (_, _) => called = true, ImageFormat.Jpeg, jpeg));
        Assert.False(called);
        Assert.True(h.Frame().IsEmpty);

        // A decoder that fails half way: whatever it wrote is sent as plain pixels, never as the JPEG.
        var rect = new PixelRect(0, 0, 100, 70);
        Assert.Throws<InvalidOperationException>(() => h.Model.TryPutEncoded(0, rect, (destination, stride) =>
        {
            destination[..(100 * 4)].Fill(0x40);
            throw new InvalidOperationException("corrupt");
        }, ImageFormat.Jpeg, jpeg));
        var plan = h.Frame();
        Assert.Empty(PreEncoded(plan));
        Assert.NotEmpty(plan.Operations);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Cells_wholly_under_the_jpeg_are_not_diffed_but_the_others_are()
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(192, 128);
        var rect = new PixelRect(64, 64, 192, 128);
        h.Model.Fill(0, new PixelRect(60, 60, 200, 140), Bgra32.FromRgb(9, 9, 9));
        h.Model.PutEncoded(0, rect, pixels, 192 * 4, ImageFormat.Jpeg, jpeg);
        var plan = h.Frame();
        Assert.Equal(rect, Assert.Single(PreEncoded(plan)).Rect);
        Assert.True(plan.Count(PlanOperationKind.Fill) >= 1); // the 4-pixel frame around it
        Assert.Equal(1, plan.Count(PlanOperationKind.Image));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Strips_of_jpeg_that_together_cover_cells_are_each_sent_once()
    {
        // Servers split large areas into strips (Tight: at most 64 KiB pixels per rectangle), none a whole cell.
        var h = Started();
        var (jpeg, pixels, _) = Sample(256, 24);
        h.Model.Fill(0, new PixelRect(0, 0, 320, 240), Bgra32.FromRgb(200, 10, 10));
        for (int y = 0; y + 24 <= 240; y += 24)
        {
            h.Model.PutEncoded(0, new PixelRect(32, y, 256, 24), pixels, 256 * 4, ImageFormat.Jpeg, jpeg);
        }

        var plan = h.Frame();
        Assert.Equal(10, PreEncoded(plan).Length);
        Assert.Equal(10, plan.Count(PlanOperationKind.Image));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Changes_beside_the_jpeg_in_the_same_cells_are_still_sent()
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(40, 40);
        h.Model.PutEncoded(0, new PixelRect(10, 10, 40, 40), pixels, 160, ImageFormat.Jpeg, jpeg);
        h.Model.Fill(0, new PixelRect(52, 10, 5, 5), Bgra32.FromRgb(1, 2, 3));
        var plan = h.Frame();
        Assert.Single(PreEncoded(plan));
        Assert.Equal(1, plan.Count(PlanOperationKind.Fill));
        h.AssertAllLayersSame();
    }

    public static TheoryData<string> LaterDrawings => ["put", "fill", "copy", "encoded", "resize"];

    [Theory]
    [MemberData(nameof(LaterDrawings))]
    public void Drawing_over_it_later_in_the_frame_drops_the_jpeg(string drawing)
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(64, 48);
        var rect = new PixelRect(100, 100, 64, 48);
        h.Model.PutEncoded(0, rect, pixels, 256, ImageFormat.Jpeg, jpeg);
        switch (drawing)
        {
            case "put":
                h.Model.Put(0, new PixelRect(160, 140, 4, 4), new byte[64], 16);
                break;
            case "fill":
                h.Model.Fill(0, new PixelRect(90, 90, 11, 11), Bgra32.Black);
                break;
            case "copy":
                h.Model.Copy(0, new PixelRect(0, 0, 20, 20), 0, 150, 110);
                break;
            case "encoded":
                h.Model.PutEncoded(0, new PixelRect(110, 110, 64, 48), pixels, 256, ImageFormat.Jpeg, jpeg);
                break;
            default:
                h.Model.Resize(0, 300, 240);
                break;
        }

        var plan = h.Frame();
        if (drawing == "encoded")
        {
            // Only the later JPEG survives.
            Assert.Equal(new PixelRect(110, 110, 64, 48), Assert.Single(PreEncoded(plan)).Rect);
        }
        else
        {
            Assert.Empty(PreEncoded(plan));
        }

        h.AssertAllLayersSame();
    }

    [Fact]
    public void Drawing_elsewhere_or_copying_from_it_keeps_the_jpeg()
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(64, 48);
        h.Model.PutEncoded(0, new PixelRect(100, 100, 64, 48), pixels, 256, ImageFormat.Jpeg, jpeg);
        h.Model.Fill(0, new PixelRect(0, 0, 50, 50), Bgra32.Black);
        h.Model.Copy(0, new PixelRect(100, 100, 20, 20), 0, 200, 10);
        var plan = h.Frame();
        Assert.Single(PreEncoded(plan));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Unacceptable_jpegs_are_drawn_but_not_kept()
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(64, 48);
        var progressive = (byte[])jpeg.Clone();
        progressive[JpegSamples.Segments(progressive).First(s => s.Marker == 0xC0).Offset + 1] = 0xC2;
        h.Model.PutEncoded(0, new PixelRect(0, 0, 64, 48), pixels, 256, ImageFormat.Jpeg, progressive);
        h.Model.PutEncoded(0, new PixelRect(100, 0, 64, 48), pixels, 256, ImageFormat.Jpeg, jpeg[..^1]);
        h.Model.PutEncoded(0, new PixelRect(300, 0, 64, 48), pixels, 256, ImageFormat.Jpeg, jpeg); // partly outside
        h.Model.PutEncoded(0, new PixelRect(0, 100, 64, 48), pixels, 256, ImageFormat.Png, jpeg);
        var plan = h.Frame();
        Assert.Empty(PreEncoded(plan));
        Assert.True(plan.Count(PlanOperationKind.Image) >= 3);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_joiner_gets_model_pixels_and_released_plans_can_be_planned_again()
    {
        var h = Started();
        var (jpeg, pixels, _) = Sample(64, 48);
        for (int i = 0; i < 3; i++)
        {
            h.Model.PutEncoded(0, new PixelRect(10 * i, 20, 64, 48), pixels, 256, ImageFormat.Jpeg, jpeg);
            Assert.Single(PreEncoded(h.Frame()));
        }

        h.AssertAllLayersSame(h.Join());
    }
}
