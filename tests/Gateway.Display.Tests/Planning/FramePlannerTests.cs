using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

public class FramePlannerTests
{
    private static PlannerHarness Started(int width = 640, int height = 480)
    {
        var h = new PlannerHarness(width, height);
        h.Model.Fill(0, new PixelRect(0, 0, width, height), Bgra32.White);
        h.Frame();
        h.AssertAllLayersSame();
        return h;
    }

    [Fact]
    public void First_frame_sizes_the_default_layer_and_fills_it_without_images()
    {
        var h = new PlannerHarness(300, 200);
        h.Model.Fill(0, new PixelRect(0, 0, 300, 200), Bgra32.FromRgb(10, 20, 30));
        var plan = h.Frame();
        Assert.Equal(PlanOperationKind.Size, plan.Operations[0].Kind);
        Assert.Equal(0, plan.Count(PlanOperationKind.Image));
        Assert.Equal(1, h.Client.Count("cfill"));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_frame_with_no_changes_emits_nothing()
    {
        var h = Started();
        var plan = h.Frame();
        Assert.True(plan.IsEmpty);
        Assert.Equal(0, h.LastBytes);

        // Drawing the same pixels again marks cells dirty but changes nothing.
        h.Model.Fill(0, new PixelRect(10, 10, 100, 100), Bgra32.White);
        Assert.True(h.Frame().IsEmpty);
    }

    [Fact]
    public void A_solid_area_becomes_rect_and_cfill_and_no_image()
    {
        var h = Started();
        h.Model.Fill(0, new PixelRect(100, 90, 300, 200), Bgra32.FromRgb(200, 0, 0));
        var plan = h.Frame();
        Assert.Equal(0, plan.Count(PlanOperationKind.Image));
        Assert.Equal(0, h.Client.Count("img"));
        Assert.Equal(1, plan.Count(PlanOperationKind.Fill));
        Assert.Equal(1, h.Client.Count("rect"));
        Assert.Equal(1, h.Client.Count("cfill"));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_translucent_solid_area_is_cleared_then_drawn_over()
    {
        var h = Started();
        h.Model.Fill(0, new PixelRect(0, 0, 50, 50), new Bgra32(10, 20, 30, 128));
        var plan = h.Frame();
        Assert.Equal(0, plan.Count(PlanOperationKind.Image));
        Assert.Equal(CompositeMask.Rout, plan.Operations[0].Mask);
        Assert.Equal(CompositeMask.Over, plan.Operations[1].Mask);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Changed_pixels_become_a_tight_image()
    {
        var h = Started();
        h.Model.Put(0, new PixelRect(70, 80, 30, 10), TestImages.Noise(30, 10, 1), 30 * 4);
        var plan = h.Frame();
        var image = Assert.Single(plan.Operations);
        Assert.Equal(PlanOperationKind.Image, image.Kind);
        Assert.Equal(new PixelRect(70, 80, 30, 10), image.Rect);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Neighbouring_image_cells_merge_up_to_512_square()
    {
        var h = Started(1200, 700);
        h.Model.Put(0, new PixelRect(0, 0, 1200, 700), TestImages.Noise(1200, 700, 2), 1200 * 4);
        var plan = h.Frame();
        foreach (var op in plan.Operations)
        {
            Assert.Equal(PlanOperationKind.Image, op.Kind);
            Assert.True(op.Rect.Width <= 512 && op.Rect.Height <= 512, op.Rect.ToString());
        }

        // 1200 = 512 + 512 + 176 and 700 = 512 + 188: six regions.
        Assert.Equal(6, plan.Operations.Count);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_scroll_of_text_by_n_rows_becomes_one_copy_and_one_strip_for_the_new_rows()
    {
        foreach (int rows in new[] { 1, 3, 16, 37 })
        {
            var h = Started(640, 480);
            var area = new PixelRect(20, 30, 400, 320);
            h.Model.Put(0, area, TestImages.TextLines(area.Width, area.Height, 7), area.Width * 4);
            h.Frame();

            // The back end scrolls by redrawing everything (no copy reported): old lines move up, new ones appear.
            var content = TestImages.TextLines(area.Width, area.Height + rows, 7);
            var scrolled = content.AsSpan(rows * area.Width * 4, area.Width * area.Height * 4).ToArray();
            var fresh = TestImages.Noise(area.Width, rows, 99);
            fresh.CopyTo(scrolled.AsSpan((area.Height - rows) * area.Width * 4));

            // Make the old bottom rows match the start of the scrolled-in content so that only the last rows are new.
            h.Model.Put(0, area, scrolled, area.Width * 4);
            var plan = h.Frame();

            Assert.Equal(1, plan.Count(PlanOperationKind.Copy));
            Assert.Equal(0, plan.Count(PlanOperationKind.Fill));
            var image = Assert.Single(plan.Operations, o => o.Kind == PlanOperationKind.Image);
            Assert.Equal(new PixelRect(area.X, (int)area.Bottom - rows, area.Width, rows), image.Rect);
            var copy = plan.Operations[0];
            Assert.Equal(PlanOperationKind.Copy, copy.Kind);
            Assert.Equal(copy.Rect.Y - rows, copy.Y);
            Assert.Equal(1, h.Client.Count("copy"));
            Assert.Equal(1, h.Client.Count("img"));
            h.AssertAllLayersSame();
        }
    }

    [Fact]
    public void Scroll_detection_can_be_turned_off()
    {
        var h = Started(640, 480);
        h.Planner.DetectScrolling = false;
        var area = new PixelRect(0, 0, 400, 320);
        h.Model.Put(0, area, TestImages.TextLines(area.Width, area.Height, 7), area.Width * 4);
        h.Frame();
        var moved = TestImages.TextLines(area.Width, area.Height + 5, 7).AsSpan(5 * area.Width * 4, area.Width * area.Height * 4).ToArray();
        h.Model.Put(0, area, moved, area.Width * 4);
        var plan = h.Frame();
        Assert.Equal(0, plan.Count(PlanOperationKind.Copy));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Explicit_copies_pass_through()
    {
        var h = Started();
        h.Model.Put(0, new PixelRect(0, 0, 200, 100), TestImages.Noise(200, 100, 3), 200 * 4);
        h.Frame();

        h.Model.Copy(0, new PixelRect(0, 0, 200, 100), 0, 300, 250);
        var plan = h.Frame();
        var copy = Assert.Single(plan.Operations);
        Assert.Equal(PlanOperation.Copy(0, new PixelRect(0, 0, 200, 100), 0, 300, 250), copy);
        Assert.Equal(1, h.Client.Count("copy"));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Explicit_copies_are_clipped_to_both_layers()
    {
        var h = Started(300, 200);
        h.Model.Put(0, new PixelRect(0, 0, 100, 100), TestImages.Noise(100, 100, 4), 100 * 4);
        h.Frame();
        h.Model.Copy(0, new PixelRect(-50, -50, 200, 200), 0, 200, 100);
        var plan = h.Frame();
        var copy = Assert.Single(plan.Operations);
        Assert.Equal(new PixelRect(0, 0, 50, 50), copy.Rect);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Copies_from_buffers_and_translucent_sources_stay_exact()
    {
        var h = Started();
        int buffer = h.Model.CreateBuffer(64, 64);
        h.Model.Put(buffer, new PixelRect(0, 0, 64, 64), TestImages.Noise(64, 64, 5, opaque: false), 64 * 4);
        h.Frame();
        h.AssertAllLayersSame();

        h.Model.Copy(buffer, new PixelRect(0, 0, 64, 64), 0, 10, 10);
        var plan = h.Frame();
        Assert.Equal(1, plan.Count(PlanOperationKind.Copy));
        Assert.Equal(0, plan.Count(PlanOperationKind.Image));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Layer_changes_become_size_move_shade_and_dispose()
    {
        var h = Started();
        int layer = h.Model.CreateLayer();
        h.Model.Resize(layer, 100, 80);
        h.Model.Move(layer, 0, 15, 25, 3);
        h.Model.Shade(layer, 128);
        h.Model.Fill(layer, new PixelRect(0, 0, 100, 80), Bgra32.FromRgb(1, 2, 3));
        h.Frame();
        Assert.Equal(["size", "size", "move", "shade", "rect", "cfill"], h.Client.Opcodes);
        h.AssertAllLayersSame();

        h.Model.DisposeLayer(layer);
        var plan = h.Frame();
        Assert.Equal(PlanOperation.Dispose(layer), Assert.Single(plan.Operations));
        Assert.False(h.Client.Layers.ContainsKey(layer));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void The_cursor_goes_through_its_own_buffer()
    {
        var h = Started();
        var image = TestImages.Noise(16, 24, 6, opaque: false);
        h.Model.SetCursor(3, 4, 16, 24, image, 16 * 4);
        h.Frame();
        Assert.Equal(1, h.Client.Count("cursor"));
        Assert.Equal((3, 4, 16, 24), (h.Client.CursorHotspotX, h.Client.CursorHotspotY, h.Client.CursorWidth, h.Client.CursorHeight));
        var expected = new Surface(16, 24);
        expected.Put(expected.Bounds, image, 16 * 4);
        Assert.Equal(expected.Pixels.ToArray(), h.Client.CursorPixels);
    }

    [Fact]
    public void A_joiner_full_state_renders_exactly_the_server_surfaces()
    {
        var h = Started(700, 500);
        h.Model.Put(0, new PixelRect(30, 40, 600, 300), TestImages.TextLines(600, 300, 8), 600 * 4);
        int layer = h.Model.CreateLayer();
        h.Model.Resize(layer, 120, 90);
        h.Model.Move(layer, 0, 200, 100, 1);
        h.Model.Shade(layer, 77);
        h.Model.Put(layer, new PixelRect(0, 0, 120, 90), TestImages.Noise(120, 90, 9, opaque: false), 120 * 4);
        int child = h.Model.CreateLayer();
        h.Model.Move(child, layer, 5, 6, 0);
        int buffer = h.Model.CreateBuffer(40, 30);
        h.Model.Fill(buffer, new PixelRect(0, 0, 40, 30), Bgra32.FromRgb(9, 8, 7));
        h.Model.SetCursor(1, 1, 8, 8, TestImages.Noise(8, 8, 10), 8 * 4);
        h.Frame();
        h.AssertAllLayersSame();

        var joiner = h.Join();
        h.AssertAllLayersSame(joiner);
        Assert.Equal(h.Client.CursorPixels, joiner.CursorPixels);
        Assert.Equal((1, 1), (joiner.CursorHotspotX, joiner.CursorHotspotY));

        // The next frame applies to the joiner just as to the others.
        h.Model.Copy(0, new PixelRect(30, 40, 300, 200), 0, 100, 20);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var plan = h.Planner.Plan(h.Model.EndFrame());
        h.Writer.Write(plan, output);
        joiner.Apply(output.WrittenMemory);
        h.AssertAllLayersSame(joiner);
    }

    [Fact]
    public void Resizing_the_default_layer_keeps_clients_in_step()
    {
        var h = Started(200, 100);
        h.Model.Put(0, new PixelRect(0, 0, 200, 100), TestImages.Noise(200, 100, 11), 200 * 4);
        h.Frame();
        h.Model.Resize(0, 150, 260);
        h.Model.Fill(0, new PixelRect(0, 100, 150, 160), Bgra32.FromRgb(5, 5, 5));
        h.Frame();
        h.AssertAllLayersSame();
        h.Model.Resize(0, 100, 50);
        h.Model.Resize(0, 300, 300);
        h.Frame();
        h.AssertAllLayersSame();
    }
}
