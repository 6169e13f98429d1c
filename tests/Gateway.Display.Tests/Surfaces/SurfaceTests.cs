using FsCheck.Xunit;
using Gateway.Display.Surfaces;
using Gateway.Display.Tests.Reference;

namespace Gateway.Display.Tests.Surfaces;

public class SurfaceTests
{
    private static readonly int[] Extremes = [int.MinValue, int.MinValue + 1, -100000, -65, -1, 0, 1, 5, 63, 64, 100, 8191, 8192, int.MaxValue - 1, int.MaxValue];

    [Fact]
    public void Sizes_beyond_the_limit_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Surface(8193, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Surface(1, -1));
        var s = new Surface(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Resize(int.MaxValue, 2));
        Assert.Equal(2, s.Width);
    }

    [Fact]
    public void Extreme_rectangles_never_throw_and_never_touch_pixels_outside()
    {
        var s = new Surface(37, 23);
        var source = new byte[4 * 4 * 4];
        foreach (int x in Extremes)
        {
            foreach (int y in Extremes)
            {
                foreach (int w in Extremes)
                {
                    foreach (int h in Extremes)
                    {
                        var rect = new PixelRect(x, y, w, h);
                        var expected = Naive(s, rect);
                        var written = s.Fill(rect, Bgra32.FromRgb(1, 2, 3));
                        Assert.True(s.Bounds.Contains(written) || written.IsEmpty);
                        Assert.Equal(expected, written);
                        s.Fill(s.Bounds, Bgra32.Transparent);

                        s.CopyFrom(s, rect, x, y);
                        s.CopyFrom(s, rect, 3, 3);
                        s.CopyFrom(s, new PixelRect(0, 0, 10, 10), x, y);
                    }
                }

                s.Put(new PixelRect(x, y, 4, 4), source, 16);
            }
        }
    }

    [Property(MaxTest = 300)]
    public void Fill_writes_exactly_the_clipped_rectangle(int x, int y, int w, int h)
    {
        var s = new Surface(50, 40);
        s.Fill(s.Bounds, Bgra32.White);
        var rect = new PixelRect(x % 80, y % 80, w % 100, h % 100);
        s.Fill(rect, Bgra32.Black);
        for (int py = 0; py < 40; py++)
        {
            for (int px = 0; px < 50; px++)
            {
                bool inside = px >= rect.X && px < rect.Right && py >= rect.Y && py < rect.Bottom;
                Assert.Equal(inside ? Bgra32.Black : Bgra32.White, s.GetPixel(px, py));
            }
        }
    }

    [Property(MaxTest = 300)]
    public void CopyFrom_within_one_surface_matches_a_copy_through_a_snapshot(int sx, int sy, int w, int h, int dx, int dy)
    {
        var s = new Surface(45, 33);
        s.Put(s.Bounds, TestImages.Noise(45, 33, 1), 45 * 4);
        var rect = new PixelRect(sx % 50, sy % 40, Math.Abs(w % 50), Math.Abs(h % 40));
        int tx = dx % 50;
        int ty = dy % 40;

        var expected = s.Clone();
        var snapshot = s.Clone();
        for (int y = 0; y < rect.Height; y++)
        {
            for (int x = 0; x < rect.Width; x++)
            {
                int fx = rect.X + x, fy = rect.Y + y, tx2 = tx + x, ty2 = ty + y;
                if (fx >= 0 && fy >= 0 && fx < 45 && fy < 33 && tx2 >= 0 && ty2 >= 0 && tx2 < 45 && ty2 < 33)
                {
                    expected.Put(new PixelRect(tx2, ty2, 1, 1), snapshot.RowSpan(fy, fx, 1), 4);
                }
            }
        }

        s.CopyFrom(s, rect, tx, ty);
        Assert.True(expected.ContentEquals(s));
    }

    [Fact]
    public void Put_clips_and_reads_the_matching_source_pixels()
    {
        var s = new Surface(10, 10);
        var src = TestImages.Noise(4, 4, 2);
        s.Put(new PixelRect(-2, 8, 4, 4), src, 16);
        Assert.Equal(Bgra32.Read(src.AsSpan(2 * 4, 4)), s.GetPixel(0, 8));
        Assert.Equal(Bgra32.Read(src.AsSpan((1 * 16) + (3 * 4), 4)), s.GetPixel(1, 9));
        Assert.Throws<ArgumentException>(() => s.Put(new PixelRect(0, 0, 4, 4), src.AsSpan(0, 20), 16));
    }

    [Fact]
    public void Transparent_pixels_are_kept_in_canonical_form()
    {
        var s = new Surface(2, 1);
        s.Fill(s.Bounds, new Bgra32(9, 9, 9, 0));
        Assert.All(s.Pixels.ToArray(), b => Assert.Equal(0, b));
        s.Put(s.Bounds, new byte[] { 1, 2, 3, 0, 4, 5, 6, 7 }, 8);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 5, 6, 7 }, s.Pixels.ToArray());
    }

    [Fact]
    public void Blending_composites_source_over_destination()
    {
        var s = new Surface(1, 1);
        s.Fill(s.Bounds, Bgra32.White);
        s.Put(s.Bounds, new byte[] { 0, 0, 0, 128 }, 4, blend: true);
        var p = s.GetPixel(0, 0);
        Assert.Equal(255, p.A);
        Assert.InRange(p.R, 126, 128);
    }

    [Fact]
    public void Resize_keeps_the_shared_area_and_clears_the_rest()
    {
        var s = new Surface(4, 4);
        s.Fill(s.Bounds, Bgra32.White);
        s.Resize(6, 2);
        Assert.Equal(Bgra32.White, s.GetPixel(3, 1));
        Assert.Equal(Bgra32.Transparent, s.GetPixel(4, 0));
        s.Resize(2, 5);
        Assert.Equal(Bgra32.White, s.GetPixel(1, 1));
        Assert.Equal(Bgra32.Transparent, s.GetPixel(0, 4));
    }

    private static PixelRect Naive(Surface s, PixelRect r)
    {
        long left = Math.Max(0, (long)r.X);
        long top = Math.Max(0, (long)r.Y);
        long right = Math.Min(s.Width, (long)r.X + r.Width);
        long bottom = Math.Min(s.Height, (long)r.Y + r.Height);
        return right <= left || bottom <= top ? PixelRect.Empty : new PixelRect((int)left, (int)top, (int)(right - left), (int)(bottom - top));
    }
}
