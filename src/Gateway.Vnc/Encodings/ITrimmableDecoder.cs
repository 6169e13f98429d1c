namespace Gateway.Vnc.Encodings;

/// <summary>A decoder whose scratch buffers grow with the rectangles it decodes and can be given back when idle.</summary>
public interface ITrimmableDecoder
{
    /// <summary>
    /// Releases scratch buffers larger than the retained bound (256 KiB each); called by the driver when the server
    /// has nothing more to read, never in the middle of a rectangle.
    /// </summary>
    void TrimBuffers();
}
