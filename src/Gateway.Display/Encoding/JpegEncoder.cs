using System.Buffers;
using SkiaSharp;

namespace Gateway.Display.Encoding;

/// <summary>
/// JPEG through SkiaSharp (libjpeg-turbo), 4:2:0 chroma subsampling, quality from
/// <see cref="EncodeOptions.Quality"/> (clamped to 1..100). Alpha is ignored: JPEG is only chosen for opaque
/// regions. The caller's pixels are wrapped, not copied. Thread-safe.
/// </summary>
public sealed class JpegEncoder : IImageEncoder
{
    /// <inheritdoc />
    public ImageFormat Format => ImageFormat.Jpeg;

    /// <inheritdoc />
    public string Mimetype => "image/jpeg";

    /// <inheritdoc />
    public unsafe void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EncoderArguments.Validate(bgra, width, height, stride, SkiaImage.MaxDimension);
        var jpeg = new SKJpegEncoderOptions(Math.Clamp(options.Quality, 1, 100), SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        fixed (byte* pixels = bgra)
        {
            using var pixmap = new SKPixmap(SkiaImage.Info(width, height, hasAlpha: false), (IntPtr)pixels, stride);
            SkiaImage.CopyOut(pixmap.Encode(jpeg), "jpeg", output);
        }
    }
}
