using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Where decoders draw. Pixels are 32-bit BGRA (straight alpha; opaque for framebuffer content). The driver's
/// implementation draws into the session's display model; tests use an in-memory surface. Rectangles passed here
/// have already been checked against <see cref="Width"/> and <see cref="Height"/> by the caller.
/// </summary>
public interface IFramebufferSink
{
    /// <summary>Current framebuffer width in pixels.</summary>
    int Width { get; }

    /// <summary>Current framebuffer height in pixels.</summary>
    int Height { get; }

    /// <summary>Writes BGRA pixels (rows of <paramref name="stride"/> bytes) into <paramref name="rect"/>.</summary>
    void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride);

    /// <summary>
    /// Writes pixels decoded from <paramref name="jpeg"/> (the server's own JPEG of exactly <paramref name="rect"/>,
    /// decoded without error), so that a display may forward the JPEG instead of encoding the pixels again. The
    /// JPEG is untrusted: implementations must check it before forwarding it. By default only the pixels are used.
    /// </summary>
    void PutJpeg(PixelRect rect, ReadOnlySpan<byte> bgra, int stride, ReadOnlySpan<byte> jpeg) => Put(rect, bgra, stride);

    /// <summary>
    /// Like <see cref="PutJpeg"/>, but <paramref name="decode"/> writes the decoded pixels straight into the
    /// framebuffer. Returns false (nothing done) when the sink cannot take them that way; the caller then decodes
    /// into its own buffer and calls <see cref="PutJpeg"/>.
    /// </summary>
    bool TryPutJpeg(PixelRect rect, ReadOnlySpan<byte> jpeg, PixelWriter decode) => false;

    /// <summary>Fills <paramref name="rect"/> with one colour.</summary>
    void Fill(PixelRect rect, Bgra32 colour);

    /// <summary>Copies <paramref name="source"/> to (<paramref name="x"/>, <paramref name="y"/>) within the framebuffer (CopyRect).</summary>
    void Copy(PixelRect source, int x, int y);

    /// <summary>Sets the pointer image (BGRA with alpha) and its hotspot.</summary>
    void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride);
}
