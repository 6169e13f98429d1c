using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Tests.Layers;

public class DisplayModelTests
{
    [Fact]
    public void Drawing_marks_the_touched_64_pixel_cells()
    {
        var model = new DisplayModel(300, 200);
        model.EndFrame();
        model.Fill(0, new PixelRect(60, 10, 10, 60), Bgra32.Black);
        var frame = model.EndFrame();
        var grid = frame.Dirty[0];
        Assert.True(grid.IsDirty(0, 0) && grid.IsDirty(1, 0) && grid.IsDirty(0, 1) && grid.IsDirty(1, 1));
        Assert.False(grid.IsDirty(2, 0) || grid.IsDirty(0, 2));
        Assert.True(model.EndFrame().IsEmpty);
    }

    [Fact]
    public void Layers_and_buffers_get_their_own_index_ranges()
    {
        var model = new DisplayModel(100, 100);
        int layer = model.CreateLayer();
        int buffer = model.CreateBuffer(10, 10);
        Assert.Equal(1, layer);
        Assert.Equal(-1, buffer);
        Assert.Equal((100, 100), (model.GetLayer(layer).Width, model.GetLayer(layer).Height));
        Assert.Throws<ArgumentException>(() => model.Move(buffer, 0, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => model.Move(layer, layer, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => model.DisposeLayer(0));
        model.DisposeLayer(buffer);
        Assert.Equal(-1, model.CreateBuffer(1, 1));
    }

    [Fact]
    public void Changes_are_recorded_in_order_and_copies_clipped()
    {
        var model = new DisplayModel(100, 100);
        model.EndFrame();
        int layer = model.CreateLayer();
        model.Move(layer, 0, 1, 2, 3);
        model.Copy(0, new PixelRect(-10, 0, 50, 50), 0, 80, 0);
        model.Shade(layer, 9);
        var changes = model.EndFrame().Changes;
        Assert.Equal(
            [DisplayChangeKind.Sized, DisplayChangeKind.Moved, DisplayChangeKind.Copied, DisplayChangeKind.Shaded],
            changes.Select(c => c.Kind));
        Assert.Equal(new PixelRect(0, 0, 10, 50), changes[2].Rect);
        Assert.Equal(90, changes[2].X);
    }

    [Fact]
    public void Limits_bound_layer_count_and_pixels()
    {
        var model = new DisplayModel(10, 10, maxLayers: 2, maxTotalPixels: 1000);
        model.CreateBuffer(5, 5);
        Assert.Throws<InvalidOperationException>(() => model.CreateBuffer(1, 1));
        Assert.Throws<InvalidOperationException>(() => model.Resize(0, 40, 40));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Resize(0, 9000, 1));
    }
}
