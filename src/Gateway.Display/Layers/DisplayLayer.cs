using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// One Guacamole layer as the server holds it: index 0 is the default layer, positive indices are visible
/// layers, negative ones off-screen buffers (GUACAMOLE.md §1.6). Drawing goes through <see cref="DisplayModel"/>
/// so that dirty cells and structural changes are recorded.
/// </summary>
public sealed class DisplayLayer
{
    private readonly DisplayModel? _model;
    private readonly Surface _surface;

    internal DisplayLayer(int index, int width, int height, DisplayModel? model = null)
    {
        Index = index;
        _surface = new Surface(width, height);
        Dirty = new CellGrid(width, height);
        Plain = new CellGrid(width, height);
        _model = model;
    }

    public int Index { get; }

    /// <summary>True for off-screen buffers (negative index).</summary>
    public bool IsBuffer => Index < 0;

    /// <summary>
    /// The current pixels. Read it freely; write only through the model. Reading it first decodes any image the
    /// layer still holds undecoded (see <see cref="DisplayModel.DeferDecoding"/>).
    /// </summary>
    public Surface Surface
    {
        get
        {
            if (Deferred.Count > 0)
            {
                _model?.DecodeAllDeferred(this);
            }

            return _surface;
        }
    }

    /// <summary>
    /// The surface as it is, without decoding deferred images: only for the model and the planner, which know
    /// where deferred images lie and decode them before reading there.
    /// </summary>
    internal Surface Raw => _surface;

    /// <summary>Images the layer holds undecoded (never overlapping one another), oldest first.</summary>
    internal List<DeferredImage> Deferred { get; } = [];

    public int Width => _surface.Width;

    public int Height => _surface.Height;

    /// <summary>Position relative to the parent (visible layers only).</summary>
    public int X { get; internal set; }

    public int Y { get; internal set; }

    /// <summary>Stacking order among siblings (visible layers only).</summary>
    public int Z { get; internal set; }

    /// <summary>Index of the parent layer (visible layers only; 0 by default).</summary>
    public int Parent { get; internal set; }

    /// <summary>Opacity 0–255 (visible layers only).</summary>
    public int Opacity { get; internal set; } = 255;

    internal CellGrid Dirty { get; set; }

    /// <summary>
    /// The dirty cells written by anything but an encoded region the frame will send as it came: a cell dirty but
    /// not plain changed only under such regions, so the planner need not diff it.
    /// </summary>
    internal CellGrid Plain { get; set; }
}
