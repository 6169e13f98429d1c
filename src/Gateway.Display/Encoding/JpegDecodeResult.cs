namespace Gateway.Display.Encoding;

/// <summary>The outcome of <see cref="JpegDecoder.Decode"/>.</summary>
public enum JpegDecodeResult
{
    /// <summary>Every pixel was decoded without error or warning.</summary>
    Decoded,

    /// <summary>The data is not a JPEG the decoder can read (no usable header).</summary>
    NotJpeg,

    /// <summary>The JPEG's own size differs from the expected one; nothing was decoded.</summary>
    SizeMismatch,

    /// <summary>The header was fine but the image data is corrupt or truncated; the output is unspecified.</summary>
    Corrupt,
}
