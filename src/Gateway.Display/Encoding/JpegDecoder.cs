using System.Runtime.InteropServices;
using SkiaSharp;

namespace Gateway.Display.Encoding;

/// <summary>
/// Decodes a JPEG of a known size into opaque BGRA rows (alpha 255), for back ends whose servers send JPEG (VNC
/// Tight). Uses libjpeg-turbo's TurboJPEG API when <c>libturbojpeg</c> is installed, otherwise SkiaSharp. The
/// JPEG's header is read and its size compared with the expected one before any pixel is decoded, and nothing is
/// allocated from the sizes the data claims. Thread-safe.
/// </summary>
public sealed class JpegDecoder
{
    private readonly bool _turbo;

    public JpegDecoder()
        : this(allowTurboJpeg: true)
    {
    }

    /// <summary>With <paramref name="allowTurboJpeg"/> false, always decodes through SkiaSharp (for comparisons).</summary>
    public JpegDecoder(bool allowTurboJpeg)
    {
        _turbo = allowTurboJpeg && TurboJpeg.CanDecompress;
    }

    /// <summary>A decoder shared by callers that need no special configuration.</summary>
    public static JpegDecoder Shared { get; } = new();

    /// <summary>True when this decoder uses libturbojpeg rather than SkiaSharp.</summary>
    public bool UsesTurboJpeg => _turbo;

    /// <summary>
    /// Decodes <paramref name="jpeg"/>, which must be exactly <paramref name="width"/>×<paramref name="height"/>
    /// pixels, into <paramref name="bgra"/> (rows <paramref name="stride"/> bytes apart). Only
    /// <see cref="JpegDecodeResult.Decoded"/> means the output holds the picture; after
    /// <see cref="JpegDecodeResult.NotJpeg"/> or <see cref="JpegDecodeResult.SizeMismatch"/> it is untouched.
    /// </summary>
    public JpegDecodeResult Decode(ReadOnlySpan<byte> jpeg, int width, int height, Span<byte> bgra, int stride)
    {
        EncoderArguments.Validate(bgra, width, height, stride, SkiaImage.MaxDimension);
        return _turbo ? DecodeTurbo(jpeg, width, height, bgra, stride) : DecodeSkia(jpeg, width, height, bgra, stride);
    }

    /// <summary>Reads the size the JPEG's header claims (for messages: the sizes are the data's own, unchecked).</summary>
    public bool TryReadSize(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        if (_turbo)
        {
            return TurboJpeg.TryReadHeader(jpeg, out width, out height);
        }

        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data);
        width = codec?.Info.Width ?? 0;
        height = codec?.Info.Height ?? 0;
        return codec is not null;
    }

    private static JpegDecodeResult DecodeTurbo(ReadOnlySpan<byte> jpeg, int width, int height, Span<byte> bgra, int stride)
    {
        if (!TurboJpeg.TryReadHeader(jpeg, out int w, out int h))
        {
            return JpegDecodeResult.NotJpeg;
        }

        if (w != width || h != height)
        {
            return JpegDecodeResult.SizeMismatch;
        }

        return TurboJpeg.Decompress(jpeg, bgra, width, height, stride) ? JpegDecodeResult.Decoded : JpegDecodeResult.Corrupt;
    }

    private static unsafe JpegDecodeResult DecodeSkia(ReadOnlySpan<byte> jpeg, int width, int height, Span<byte> bgra, int stride)
    {
        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            return JpegDecodeResult.NotJpeg;
        }

        if (codec.Info.Width != width || codec.Info.Height != height)
        {
            return JpegDecodeResult.SizeMismatch;
        }

        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        SKCodecResult result;
        fixed (byte* target = bgra)
        {
            result = codec.GetPixels(info, (nint)target, stride, new SKCodecOptions());
        }

        if (result != SKCodecResult.Success)
        {
            return JpegDecodeResult.Corrupt;
        }

        for (int y = 0; y < height; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(bgra.Slice(y * stride, width * 4));
            for (int x = 0; x < row.Length; x++)
            {
                row[x] |= 0xFF000000;
            }
        }

        return JpegDecodeResult.Decoded;
    }
}
