using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// One step of a <see cref="FramePlan"/>. Fields by kind:
/// Size: Layer, Rect (0, 0, w, h). Move: Layer, Parent, X, Y, Z. Shade: Layer, Opacity. Dispose: Layer.
/// Copy: Layer (source), Rect (source), Mask, TargetLayer, X, Y. Fill: Layer, Rect, Mask, Colour.
/// Image: Layer, Rect, Mask, Pixels (tightly packed BGRA of Rect), HasAlpha; optionally Encoded and EncodedFormat,
/// the back end's own image of exactly those pixels, which the writer may send instead of encoding Pixels. Such an
/// image may come without Pixels: the writer decodes Encoded when it has to encode the image itself.
/// Cursor: X, Y (hotspot), Layer (buffer holding the image), Rect (0, 0, w, h).
/// </summary>
public readonly record struct PlanOperation(
    PlanOperationKind Kind,
    int Layer,
    PixelRect Rect = default,
    int Mask = CompositeMask.Over,
    int TargetLayer = 0,
    int X = 0,
    int Y = 0,
    int Z = 0,
    int Parent = 0,
    int Opacity = 255,
    Bgra32 Colour = default,
    byte[]? Pixels = null,
    bool HasAlpha = false,
    ReadOnlyMemory<byte> Encoded = default,
    ImageFormat EncodedFormat = ImageFormat.Png)
{
    /// <summary>True for an image that also carries a pre-encoded form (<see cref="Encoded"/>).</summary>
    public bool IsPreEncoded => Kind == PlanOperationKind.Image && !Encoded.IsEmpty;

    public static PlanOperation Size(int layer, int width, int height) =>
        new(PlanOperationKind.Size, layer, new PixelRect(0, 0, width, height));

    public static PlanOperation Move(int layer, int parent, int x, int y, int z) =>
        new(PlanOperationKind.Move, layer, X: x, Y: y, Z: z, Parent: parent);

    public static PlanOperation Shade(int layer, int opacity) => new(PlanOperationKind.Shade, layer, Opacity: opacity);

    public static PlanOperation Dispose(int layer) => new(PlanOperationKind.Dispose, layer);

    public static PlanOperation Copy(int sourceLayer, PixelRect source, int targetLayer, int x, int y) =>
        new(PlanOperationKind.Copy, sourceLayer, source, CompositeMask.Over, targetLayer, x, y);

    public static PlanOperation Fill(int layer, PixelRect rect, int mask, Bgra32 colour) =>
        new(PlanOperationKind.Fill, layer, rect, mask, Colour: colour);

    /// <summary>Clears a rectangle to transparent (<c>cfill</c> ROUT with opaque black).</summary>
    public static PlanOperation Clear(int layer, PixelRect rect) => Fill(layer, rect, CompositeMask.Rout, Bgra32.Black);

    public static PlanOperation Image(int layer, PixelRect rect, byte[] pixels, bool hasAlpha) =>
        new(PlanOperationKind.Image, layer, rect, CompositeMask.Over, Pixels: pixels, HasAlpha: hasAlpha);

    /// <summary>An image whose pixels also come encoded as <paramref name="format"/> (see <see cref="IsPreEncoded"/>).</summary>
    public static PlanOperation PreEncodedImage(int layer, PixelRect rect, byte[]? pixels, ReadOnlyMemory<byte> encoded, ImageFormat format) =>
        new(PlanOperationKind.Image, layer, rect, CompositeMask.Over, Pixels: pixels, HasAlpha: false, Encoded: encoded, EncodedFormat: format);

    public static PlanOperation Cursor(int bufferLayer, int hotspotX, int hotspotY, int width, int height) =>
        new(PlanOperationKind.Cursor, bufferLayer, new PixelRect(0, 0, width, height), X: hotspotX, Y: hotspotY);
}
