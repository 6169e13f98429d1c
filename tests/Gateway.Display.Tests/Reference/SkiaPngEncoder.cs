using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Encoding;
using SkiaSharp;

namespace Gateway.Display.Tests.Reference;

/// <summary>Test-only lossless PNG encoder over SkiaSharp, standing in until the real encoders land.</summary>
public sealed class SkiaPngEncoder : IImageEncoder
{
    public static SkiaPngEncoder Instance { get; } = new();

    public ImageFormat Format => ImageFormat.Png;

    public string Mimetype => "image/png";

    public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
        {
            bgra.Slice(y * stride, width * 4).CopyTo(target.Slice(y * bitmap.RowBytes, width * 4));
        }

        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 1)) ?? throw new InvalidOperationException("png encoding failed");
        output.Write(data.AsSpan());
    }

    /// <summary>Decodes a PNG into straight-alpha BGRA (tightly packed).</summary>
    public static byte[] Decode(byte[] png, out int width, out int height)
    {
        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("not an image");
        width = codec.Info.Width;
        height = codec.Info.Height;
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var pixels = new byte[width * height * 4];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result != SKCodecResult.Success)
            {
                throw new InvalidOperationException($"decode failed: {result}");
            }
        }
        finally
        {
            handle.Free();
        }

        return pixels;
    }
}
