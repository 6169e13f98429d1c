using System.Buffers;
using SkiaSharp;

namespace Gateway.Display.Encoding;

/// <summary>
/// JPEG with 4:2:0 chroma subsampling, quality from <see cref="EncodeOptions.Quality"/> (clamped to 1..100). Uses
/// libjpeg-turbo's TurboJPEG API when <c>libturbojpeg</c> is installed (about 6× faster on a 1080p frame, see
/// docs/PERFORMANCE.md), otherwise SkiaSharp. Alpha is ignored: JPEG is only chosen for opaque regions. The caller's
/// pixels are read in place, not copied. Thread-safe.
/// </summary>
public sealed class JpegEncoder : IImageEncoder
{
    private readonly bool _turbo;

    public JpegEncoder()
        : this(allowTurboJpeg: true)
    {
    }

    /// <summary>With <paramref name="allowTurboJpeg"/> false, always encodes through SkiaSharp (for comparisons).</summary>
    internal JpegEncoder(bool allowTurboJpeg)
    {
        _turbo = allowTurboJpeg && TurboJpeg.IsAvailable;
    }

    /// <inheritdoc />
    public ImageFormat Format => ImageFormat.Jpeg;

    /// <inheritdoc />
    public string Mimetype => "image/jpeg";

    /// <summary>True when this encoder uses libturbojpeg rather than SkiaSharp.</summary>
    public bool UsesTurboJpeg => _turbo;

    /// <inheritdoc />
    public unsafe void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EncoderArguments.Validate(bgra, width, height, stride, SkiaImage.MaxDimension);
        int quality = Math.Clamp(options.Quality, 1, 100);
        if (_turbo)
        {
            TurboJpeg.Compress(bgra, width, height, stride, quality, output);
            return;
        }

        var jpeg = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        fixed (byte* pixels = bgra)
        {
            using var pixmap = new SKPixmap(SkiaImage.Info(width, height, hasAlpha: false), (IntPtr)pixels, stride);
            SkiaImage.CopyOut(pixmap.Encode(jpeg), "jpeg", output);
        }
    }
}
