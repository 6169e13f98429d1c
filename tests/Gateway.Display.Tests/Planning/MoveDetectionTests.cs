using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>Content moved in two dimensions (a dragged window) is found and sent as one copy.</summary>
public class MoveDetectionTests
{
    private static PlannerHarness Desktop(byte[]? wallpaper)
    {
        var h = new PlannerHarness(640, 480);
        if (wallpaper is null)
        {
            h.Model.Fill(0, new PixelRect(0, 0, 640, 480), Bgra32.FromRgb(30, 60, 120));
        }
        else
        {
            h.Model.Put(0, new PixelRect(0, 0, 640, 480), wallpaper, 640 * 4);
        }

        h.Frame();
        return h;
    }

    private static void DrawWindow(PlannerHarness h, byte[] window, PixelRect at) => h.Model.Put(0, at, window, at.Width * 4);

    [Theory]
    [InlineData(60, 30)]
    [InlineData(-45, 20)]
    [InlineData(25, -70)]
    [InlineData(-8, -3)]
    [InlineData(90, 0)]
    [InlineData(0, 5)]
    public void A_dragged_window_over_a_flat_desktop_becomes_one_copy(int dx, int dy)
    {
        var h = Desktop(wallpaper: null);
        var window = TestImages.TextLines(220, 160, 3);
        var before = new PixelRect(200, 150, 220, 160);
        DrawWindow(h, window, before);
        h.Frame();

        // The back end redraws the uncovered desktop and the window at its new place, without reporting a copy.
        h.Model.Fill(0, before, Bgra32.FromRgb(30, 60, 120));
        var after = new PixelRect(before.X + dx, before.Y + dy, before.Width, before.Height);
        DrawWindow(h, window, after);
        var plan = h.Frame();

        var copy = Assert.Single(plan.Operations, o => o.Kind == PlanOperationKind.Copy);
        Assert.Equal((dx, dy), (copy.X - copy.Rect.X, copy.Y - copy.Rect.Y));
        Assert.Equal(0, plan.Count(PlanOperationKind.Image));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_window_dragged_over_a_wallpaper_is_copied_and_the_uncovered_wallpaper_sent()
    {
        var (copies, bytes) = DragOverWallpaper(detect: true);
        var (copiesWithout, bytesWithout) = DragOverWallpaper(detect: false);
        Assert.Equal(1, copies);
        Assert.Equal(0, copiesWithout);
        Assert.True(bytes < bytesWithout, $"the drag cost {bytes} bytes with detection, {bytesWithout} without");
    }

    private static (int Copies, int Bytes) DragOverWallpaper(bool detect)
    {
        var wallpaper = TestImages.Noise(640, 480, 8);
        var h = Desktop(wallpaper);
        h.Planner.DetectScrolling = detect;
        var window = TestImages.TextLines(200, 150, 4);
        var before = new PixelRect(100, 80, 200, 150);
        DrawWindow(h, window, before);
        h.Frame();

        h.Model.Put(0, before, Crop(wallpaper, 640, before), before.Width * 4);
        DrawWindow(h, window, new PixelRect(140, 110, 200, 150));
        var plan = h.Frame();
        h.AssertAllLayersSame();
        return (plan.Count(PlanOperationKind.Copy), h.LastBytes);
    }

    [Fact]
    public void Changed_content_that_did_not_move_is_not_copied()
    {
        var h = Desktop(wallpaper: null);
        var area = new PixelRect(100, 100, 300, 200);
        DrawWindow(h, TestImages.Noise(300, 200, 1), area);
        h.Frame();

        DrawWindow(h, TestImages.Noise(300, 200, 2), area);
        var plan = h.Frame();

        Assert.Equal(0, plan.Count(PlanOperationKind.Copy));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_translucent_source_is_not_copied()
    {
        var h = new PlannerHarness(640, 480);
        var window = TestImages.Noise(200, 150, 5, opaque: false);
        var before = new PixelRect(100, 100, 200, 150);
        DrawWindow(h, window, before);
        h.Frame();

        h.Model.Fill(0, before, new Bgra32(0, 0, 0, 0));
        DrawWindow(h, window, new PixelRect(150, 120, 200, 150));
        var plan = h.Frame();

        Assert.Equal(0, plan.Count(PlanOperationKind.Copy));
        h.AssertAllLayersSame();
    }

    private static byte[] Crop(byte[] pixels, int width, PixelRect rect)
    {
        var result = new byte[rect.Width * rect.Height * 4];
        for (int y = 0; y < rect.Height; y++)
        {
            pixels.AsSpan((((rect.Y + y) * width) + rect.X) * 4, rect.Width * 4).CopyTo(result.AsSpan(y * rect.Width * 4));
        }

        return result;
    }
}
