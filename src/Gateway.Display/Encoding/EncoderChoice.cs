namespace Gateway.Display.Encoding;

/// <summary>The codec and settings <see cref="EncoderPolicy"/> picked for one region.</summary>
/// <param name="Format">Which encoder to use.</param>
/// <param name="Options">What to pass to it (quality, lossless, alpha).</param>
public readonly record struct EncoderChoice(ImageFormat Format, EncodeOptions Options);
