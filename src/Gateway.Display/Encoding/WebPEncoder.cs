using System.Buffers;
using SkiaSharp;

namespace Gateway.Display.Encoding;

/// <summary>
/// WebP through SkiaSharp (libwebp). <see cref="EncodeOptions.Lossless"/> selects VP8L, encoded at the
/// lowest effort (fastest; see docs/PERFORMANCE.md) unless another effort is given; otherwise lossy VP8 at
/// <see cref="EncodeOptions.Quality"/>. Alpha is kept when <see cref="EncodeOptions.HasAlpha"/>. The caller's
/// pixels are wrapped, not copied. Thread-safe.
/// </summary>
public sealed class WebPEncoder : IImageEncoder
{
    private readonly int _losslessEffort;

    /// <summary>Creates an encoder whose lossless mode uses effort 0 (fastest).</summary>
    public WebPEncoder()
        : this(0)
    {
    }

    /// <summary>Creates an encoder whose lossless mode uses <paramref name="losslessEffort"/> (0 fastest .. 100 smallest).</summary>
    public WebPEncoder(int losslessEffort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(losslessEffort, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(losslessEffort, 100);
        _losslessEffort = losslessEffort;
    }

    /// <inheritdoc />
    public ImageFormat Format => ImageFormat.WebP;

    /// <inheritdoc />
    public string Mimetype => "image/webp";

    /// <inheritdoc />
    public unsafe void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EncoderArguments.Validate(bgra, width, height, stride, SkiaImage.MaxDimension);
        var webp = options.Lossless
            ? new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, _losslessEffort)
            : new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, Math.Clamp(options.Quality, 1, 100));
        fixed (byte* pixels = bgra)
        {
            using var pixmap = new SKPixmap(SkiaImage.Info(width, height, options.HasAlpha), (IntPtr)pixels, stride);
            SkiaImage.CopyOut(pixmap.Encode(webp), "webp", output);
        }
    }
}
