namespace Gateway.Display.Encoding;

/// <summary>The facts about one region that <see cref="EncoderPolicy.Choose"/> decides on.</summary>
/// <param name="Width">Region width in pixels.</param>
/// <param name="Height">Region height in pixels.</param>
/// <param name="Opaque">True when every pixel is opaque (the layer is opaque).</param>
/// <param name="UpdateRate">How often this region changed recently, in updates per second.</param>
/// <param name="Content">The <see cref="ContentClassifier"/> score of the pixels.</param>
public readonly record struct EncoderRegion(int Width, int Height, bool Opaque, double UpdateRate, ContentScore Content);
