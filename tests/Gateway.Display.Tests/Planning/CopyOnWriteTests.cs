using System.Buffers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>
/// The planner keeps no second picture between frames (it rebuilds the frame-start picture from the model and the
/// cells saved before each frame's first write to them), and a copy marks only the cells its dirty source lands on.
/// </summary>
public class CopyOnWriteTests
{
    private const int Width = 1280;
    private const int Height = 800;

    private static PlannerHarness Terminal(int width = 640, int height = 480)
    {
        var h = new PlannerHarness(width, height);
        h.Model.Put(0, new PixelRect(0, 0, width, height), TestImages.TextLines(width, height, 7), width * 4);
        h.Frame();
        h.AssertAllLayersSame();
        return h;
    }

    [Fact]
    public void After_a_planned_frame_the_display_holds_one_picture_not_two()
    {
        var h = new PlannerHarness(Width, Height);
        h.Model.Put(0, new PixelRect(0, 0, Width, Height), TestImages.TextLines(Width, Height, 3), Width * 4);
        h.Frame();
        long picture = (long)Width * Height * Surface.BytesPerPixel;
        Assert.Equal(picture, h.Model.HeldPixelBytes() + h.Planner.HeldPixelBytes());

        // A frame that changes a few cells saves them while it is open, and lets them go once planned.
        h.Model.Fill(0, new PixelRect(10, 10, 100, 20), Bgra32.FromRgb(1, 2, 3));
        Assert.True(h.Model.HeldPixelBytes() > picture);
        h.Frame();
        Assert.Equal(picture, h.Model.HeldPixelBytes() + h.Planner.HeldPixelBytes());

        // What clients hold is read from the model's own pixels, not from a copy.
        Assert.True(h.Planner.Sent.TryGetLayer(0, out var sent));
        Assert.Same(h.Model.DefaultLayer.Surface, sent.Surface);
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(h.Join());
    }

    [Fact]
    public void A_scroll_reported_as_a_copy_then_a_new_line_diffs_only_the_new_line()
    {
        var h = Terminal();
        h.Model.Copy(0, new PixelRect(0, 16, 640, 464), 0, 0, 0);
        h.Model.Put(0, new PixelRect(0, 464, 640, 16), TestImages.TextLines(640, 16, 99), 640 * 4);
        var frame = h.Model.EndFrame();

        // Only the bottom row of cells (where the new line was drawn) is dirty; the copy marked nothing.
        var dirty = frame.Dirty[0];
        for (int r = 0; r < dirty.Rows; r++)
        {
            for (int c = 0; c < dirty.Columns; c++)
            {
                Assert.Equal(r == dirty.Rows - 1, dirty.IsDirty(c, r));
            }
        }

        var plan = h.Planner.Plan(frame);
        var output = new ArrayBufferWriter<byte>();
        h.Writer.Write(plan, output);
        h.Client.Apply(output.WrittenMemory);
        Assert.Equal(1, plan.Count(PlanOperationKind.Copy));
        Assert.All(
            plan.Operations.Where(o => o.Kind is PlanOperationKind.Image or PlanOperationKind.Fill),
            o => Assert.True(o.Rect.Y >= 448, $"{o.Kind} at {o.Rect} is outside the last cell row"));
        plan.ReleaseBuffers();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_copy_of_content_drawn_earlier_in_the_same_frame_reaches_the_client()
    {
        var h = Terminal();
        h.Model.Put(0, new PixelRect(20, 30, 100, 50), TestImages.Noise(100, 50, 5), 100 * 4);
        h.Model.Copy(0, new PixelRect(20, 30, 100, 50), 0, 300, 200);
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Chained_copies_in_one_frame_carry_changes_along()
    {
        var h = Terminal();
        h.Model.Fill(0, new PixelRect(0, 0, 40, 40), Bgra32.FromRgb(200, 10, 10));
        h.Model.Copy(0, new PixelRect(0, 0, 64, 64), 0, 200, 100);
        h.Model.Copy(0, new PixelRect(200, 100, 64, 64), 0, 400, 300);
        h.Model.Copy(0, new PixelRect(400, 300, 64, 64), 0, 500, 20);
        h.Frame();
        h.AssertAllLayersSame();

        // Through a buffer as well.
        int buffer = h.Model.CreateBuffer(64, 64);
        h.Model.Put(buffer, new PixelRect(0, 0, 64, 64), TestImages.Noise(64, 64, 11), 64 * 4);
        h.Model.Copy(buffer, new PixelRect(0, 0, 64, 64), 0, 100, 100);
        h.Model.Copy(0, new PixelRect(100, 100, 64, 64), 0, 10, 300);
        h.Model.DisposeLayer(buffer);
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_non_opaque_copy_onto_itself_falls_back_to_images()
    {
        var h = new PlannerHarness(320, 240);
        h.Model.Put(0, new PixelRect(0, 0, 320, 240), TestImages.Noise(320, 240, 21, opaque: false), 320 * 4);
        h.Frame();
        h.AssertAllLayersSame();

        h.Model.Copy(0, new PixelRect(0, 0, 200, 200), 0, 10, 5);
        var plan = h.Frame();
        Assert.Equal(0, plan.Count(PlanOperationKind.Copy));
        Assert.True(plan.Count(PlanOperationKind.Image) > 0);
        h.AssertAllLayersSame();

        // A later copy reading from the area the planner could not replay still gets the right pixels.
        h.Model.Copy(0, new PixelRect(0, 0, 100, 100), 0, 150, 100);
        h.Model.Copy(0, new PixelRect(150, 100, 100, 100), 0, 0, 120);
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_user_joining_in_the_middle_of_a_frame_gets_the_sent_picture_then_the_frame()
    {
        var h = Terminal();
        h.Model.Copy(0, new PixelRect(0, 16, 640, 464), 0, 0, 0);
        h.Model.Put(0, new PixelRect(0, 464, 640, 16), TestImages.TextLines(640, 16, 5), 640 * 4);
        h.Model.Resize(0, 600, 470);

        var output = new ArrayBufferWriter<byte>();
        h.Planner.ReadSent(h.Model, state => h.Writer.WriteFullState(state, output));
        var joiner = new ReferenceClient();
        joiner.Apply(output.WrittenMemory);
        Assert.Equal((640, 480), (joiner.Layers[0].Width, joiner.Layers[0].Height));

        var plan = h.Planner.Plan(h.Model.EndFrame());
        var frame = new ArrayBufferWriter<byte>();
        h.Writer.Write(plan, frame);
        h.Client.Apply(frame.WrittenMemory);
        joiner.Apply(frame.WrittenMemory);
        plan.ReleaseBuffers();
        h.AssertAllLayersSame();
        h.AssertAllLayersSame(joiner);
    }
}
