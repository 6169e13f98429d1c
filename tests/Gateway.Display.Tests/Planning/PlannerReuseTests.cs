using System.Reflection;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Planning;

/// <summary>
/// What the planner keeps from one frame to the next to go faster (row hashes of the mirror, released image
/// buffers) must never change what clients end up with.
/// </summary>
public class PlannerReuseTests
{
    private static PlannerHarness Started(int width = 640, int height = 480)
    {
        var h = new PlannerHarness(width, height);
        h.Model.Fill(0, new PixelRect(0, 0, width, height), Bgra32.White);
        h.Frame();
        return h;
    }

    /// <summary>Draws <paramref name="area"/>-sized text that starts <paramref name="shift"/> rows into a taller page.</summary>
    private static void DrawPage(PlannerHarness h, PixelRect area, int shift, int seed = 7)
    {
        var page = TestImages.TextLines(area.Width, area.Height + 64, seed);
        h.Model.Put(0, area, page.AsSpan(shift * area.Width * 4, area.Width * area.Height * 4), area.Width * 4);
    }

    [Fact]
    public void Scrolling_down_becomes_a_copy_too()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 640, 400);
        DrawPage(h, area, 40);
        h.Frame();

        DrawPage(h, area, 29);
        var plan = h.Frame();

        var copy = Assert.Single(plan.Operations, o => o.Kind == PlanOperationKind.Copy);
        Assert.Equal(copy.Rect.Y + 11, copy.Y);
        h.AssertAllLayersSame();
    }

    [Fact]
    public void A_scroll_around_a_fixed_line_becomes_two_copies()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 640, 400);
        var banner = TestImages.Noise(640, 16, 5);
        DrawPage(h, area, 0);
        h.Model.Put(0, new PixelRect(0, 200, 640, 16), banner, 640 * 4);
        h.Frame();

        DrawPage(h, area, 16);
        h.Model.Put(0, new PixelRect(0, 200, 640, 16), banner, 640 * 4);
        var plan = h.Frame();

        Assert.Equal(2, plan.Count(PlanOperationKind.Copy));
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Consecutive_scrolls_reuse_row_hashes_and_stay_lossless()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 640, 448);
        for (int shift = 0; shift <= 60; shift += 6)
        {
            DrawPage(h, area, shift);
            var plan = h.Frame();
            if (shift > 0)
            {
                Assert.Equal(1, plan.Count(PlanOperationKind.Copy));
            }

            h.AssertAllLayersSame();
        }
    }

    [Fact]
    public void Wrong_row_hashes_cost_bytes_never_pixels()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 640, 448);
        DrawPage(h, area, 0);
        h.Frame();
        DrawPage(h, area, 8);
        h.Frame();

        // Stand in for hash collisions and stale entries: every remembered row hash now points at another row.
        foreach (var cache in RowHashCaches(h.Planner))
        {
            Array.Reverse(cache.Hashes);
            Array.Fill(cache.Valid, true);
            Array.Fill(cache.Opaque, true);
        }

        DrawPage(h, area, 16);
        h.Frame();
        h.AssertAllLayersSame();

        foreach (var cache in RowHashCaches(h.Planner))
        {
            Array.Fill(cache.Hashes, 42UL);
            Array.Fill(cache.Valid, true);
        }

        DrawPage(h, area, 24);
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void An_explicit_copy_between_scrolls_is_not_hidden_by_remembered_hashes()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 640, 448);
        DrawPage(h, area, 0);
        h.Frame();
        DrawPage(h, area, 8);
        h.Frame();

        h.Model.Copy(0, new PixelRect(0, 300, 640, 100), 0, 0, 20);
        h.Frame();
        h.AssertAllLayersSame();

        DrawPage(h, area, 16);
        h.Frame();
        h.AssertAllLayersSame();
    }

    [Fact]
    public void Released_image_buffers_are_reused_by_later_plans()
    {
        var h = Started();
        var area = new PixelRect(10, 10, 300, 200);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        bool reused = false;
        for (int i = 0; i < 6; i++)
        {
            h.Model.Put(0, area, TestImages.Noise(area.Width, area.Height, 100 + i), area.Width * 4);
            var plan = h.Frame();
            foreach (var op in plan.Operations)
            {
                if (op.Kind == PlanOperationKind.Image)
                {
                    Assert.Equal(op.Rect.Width * op.Rect.Height * 4, op.Pixels!.Length);
                    reused |= !seen.Add(op.Pixels);
                }
            }

            h.AssertAllLayersSame();
        }

        Assert.True(reused, "no image buffer was reused");
    }

    [Fact]
    public void Releasing_a_plan_twice_does_not_hand_out_one_buffer_twice()
    {
        var h = Started();
        var area = new PixelRect(0, 0, 256, 256);
        h.Model.Put(0, area, TestImages.Noise(area.Width, area.Height, 1), area.Width * 4);
        var plan = h.Frame();
        plan.ReleaseBuffers();
        plan.ReleaseBuffers();

        // Two regions of the same size in the next frame must get different arrays.
        h.Model.Put(0, new PixelRect(0, 0, 256, 256), TestImages.Noise(256, 256, 2), 256 * 4);
        h.Model.Put(0, new PixelRect(320, 0, 256, 256), TestImages.Noise(256, 256, 3), 256 * 4);
        var next = h.Planner.Plan(h.Model.EndFrame());
        var images = next.Operations.Where(o => o.Kind == PlanOperationKind.Image).Select(o => o.Pixels!).ToList();
        Assert.Equal(images.Count, images.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private static IEnumerable<RowHashCache> RowHashCaches(FramePlanner planner)
    {
        var field = typeof(FramePlanner).GetField("_rowHashes", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var caches = (Dictionary<int, RowHashCache>)field.GetValue(planner)!;
        Assert.NotEmpty(caches);
        return caches.Values;
    }
}
