using System.Buffers;
using SkiaSharp;

namespace Gateway.Display.Encoding;

/// <summary>Wraps caller memory in an <see cref="SKPixmap"/> (no copy) and copies encoded bytes out.</summary>
internal static class SkiaImage
{
    /// <summary>The largest width or height handed to SkiaSharp (WebP itself stops at 16383).</summary>
    public const int MaxDimension = 16383;

    /// <summary>The image description for BGRA rows with straight alpha, or opaque ones.</summary>
    public static SKImageInfo Info(int width, int height, bool hasAlpha) =>
        new(width, height, SKColorType.Bgra8888, hasAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque);

    /// <summary>Copies an encoder's result into <paramref name="output"/>; a null result is an encoder failure.</summary>
    public static void CopyOut(SKData? data, string format, IBufferWriter<byte> output)
    {
        if (data is null)
        {
            throw new InvalidOperationException($"skia could not encode {format}");
        }

        using (data)
        {
            ReadOnlySpan<byte> bytes = data.AsSpan();
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }
    }
}
