using Gateway.Display.Encoding;
using Gateway.Display.Layers;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Client;

/// <summary>
/// The <see cref="IFramebufferSink"/> of a live connection: draws into layer 0 of the session's display model.
/// The caller holds the display's lock while decoders run; the remote framebuffer is the default layer's size.
/// </summary>
internal sealed class DisplaySink(DisplayModel model, bool remoteCursor) : IFramebufferSink
{
    public int Width => model.Width;

    public int Height => model.Height;

    public void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride) => model.Put(0, rect, bgra, stride);

    public void PutJpeg(PixelRect rect, ReadOnlySpan<byte> bgra, int stride, ReadOnlySpan<byte> jpeg) =>
        model.PutEncoded(0, rect, bgra, stride, ImageFormat.Jpeg, jpeg);

    public bool TryPutJpeg(PixelRect rect, ReadOnlySpan<byte> jpeg, PixelWriter decode) =>
        model.TryPutEncoded(0, rect, decode, ImageFormat.Jpeg, jpeg);

    public void Fill(PixelRect rect, Bgra32 colour) => model.Fill(0, rect, colour);

    public void Copy(PixelRect source, int x, int y) => model.Copy(0, source, 0, x, y);

    public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride)
    {
        if (remoteCursor)
        {
            return;
        }

        if (width <= 0 || height <= 0)
        {
            // An empty cursor hides the pointer: send one transparent pixel rather than a 0x0 image, which
            // Guacamole clients may refuse to copy.
            Span<byte> transparent = stackalloc byte[4];
            transparent.Clear();
            model.SetCursor(0, 0, 1, 1, transparent, 4);
            return;
        }

        model.SetCursor(hotspotX, hotspotY, width, height, bgra, stride);
    }
}
