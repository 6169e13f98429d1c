namespace Gateway.Display.Layers;

/// <summary>
/// Writes BGRA pixels straight into a layer: <paramref name="destination"/> starts at the rectangle's top-left pixel
/// and its rows are <paramref name="stride"/> bytes apart (only the rectangle's own bytes of each row may be written).
/// Alpha must be 255 wherever it is written (a decoder of opaque images).
/// </summary>
public delegate void PixelWriter(Span<byte> destination, int stride);
