namespace Gateway.Display.Encoding;

/// <summary>How to encode one region.</summary>
/// <param name="Quality">Lossy quality 1..100 (ignored by lossless encoders).</param>
/// <param name="Lossless">For WebP: encode losslessly.</param>
/// <param name="HasAlpha">False when every pixel is opaque (lets encoders drop the alpha channel).</param>
public readonly record struct EncodeOptions(int Quality = 90, bool Lossless = true, bool HasAlpha = false);
