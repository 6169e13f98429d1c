using System.Buffers;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Gateway.Display.Encoding;
using SkiaSharp;

namespace Gateway.Benchmarks;

/// <summary>
/// Image encoders on a synthetic but realistic 1920×1080 desktop frame and a 256×256 text tile. Every
/// benchmark returns the encoded size; the "MP/s" and "Bytes" columns are computed from it.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*Encoder*' --job short
/// </summary>
[Config(typeof(EncoderBenchmarkConfig))]
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private static readonly PngEncoder OurPng = new();
    private static readonly JpegEncoder Jpeg = new();
    private static readonly JpegEncoder JpegSkia = new(allowTurboJpeg: false);
    private static readonly WebPEncoder WebP = new();
    private static readonly PngEncoder PngLevel6 = new(PngEncoderSettings.Default with { ZLibLevel = 6 });
    private static readonly PngEncoder PngLevel9 = new(PngEncoderSettings.Default with { ZLibLevel = 9 });
    private static readonly PngEncoder PngRle = new(PngEncoderSettings.Default with { Strategy = ZLibCompressionStrategy.RunLengthEncoding });
    private static readonly PngEncoder PngFilterNone = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.None });
    private static readonly PngEncoder PngFilterSub = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.Sub });
    private static readonly PngEncoder PngFilterUp = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.Up });
    private static readonly PngEncoder PngFilterPaeth = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.Paeth });
    private static readonly PngEncoder PngFilterByCost = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.SubOrUpByCost });
    private static readonly PngEncoder PngFilterSubOrUp = new(PngEncoderSettings.Default with { Filter = PngFilterStrategy.SubOrUpWhenRepeated });
    private static readonly PngEncoder PngNoPalette = new(PngEncoderSettings.Default with { Palette = false });
    private static readonly PngEncoder PngEightBitPalette = new(PngEncoderSettings.Default with { LowBitDepth = false });

    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private byte[] _pixels = [];
    private int _width;
    private int _height;

    /// <summary>Which test image.</summary>
    [Params("frame1080p", "texttile256")]
    public string Image { get; set; } = "frame1080p";

    /// <summary>Pixels in the named image.</summary>
    public static int PixelCount(string image) => image == "texttile256" ? 256 * 256 : 1920 * 1080;

    [GlobalSetup]
    public void Setup()
    {
        (_pixels, _width, _height) = Image == "texttile256" ? EncoderBenchmarkImages.TextTile() : EncoderBenchmarkImages.Frame();
    }

    [Benchmark(Baseline = true, Description = "PNG ours (level 1, Up, palette)")]
    public int PngOurs() => Run(OurPng, Opaque);

    [Benchmark(Description = "PNG ours, level 6 (Optimal)")]
    public int PngOursLevel6() => Run(PngLevel6, Opaque);

    [Benchmark(Description = "PNG ours, level 9 (SmallestSize)")]
    public int PngOursLevel9() => Run(PngLevel9, Opaque);

    [Benchmark(Description = "PNG ours, level 1 RLE strategy")]
    public int PngOursRle() => Run(PngRle, Opaque);

    [Benchmark(Description = "PNG ours, filter None")]
    public int PngOursNone() => Run(PngFilterNone, Opaque);

    [Benchmark(Description = "PNG ours, filter Sub")]
    public int PngOursSub() => Run(PngFilterSub, Opaque);

    [Benchmark(Description = "PNG ours, filter Up")]
    public int PngOursUp() => Run(PngFilterUp, Opaque);

    [Benchmark(Description = "PNG ours, filter Paeth")]
    public int PngOursPaeth() => Run(PngFilterPaeth, Opaque);

    [Benchmark(Description = "PNG ours, filter Sub/Up by cost")]
    public int PngOursByCost() => Run(PngFilterByCost, Opaque);

    [Benchmark(Description = "PNG ours, filter Up if repeated else Sub")]
    public int PngOursSubOrUp() => Run(PngFilterSubOrUp, Opaque);

    [Benchmark(Description = "PNG ours, no palette")]
    public int PngOursNoPalette() => Run(PngNoPalette, Opaque);

    [Benchmark(Description = "PNG ours, palette always 8-bit")]
    public int PngOursPalette8() => Run(PngEightBitPalette, Opaque);

    [Benchmark(Description = "PNG Skia zlib 6, all filters")]
    public int PngSkia6() => RunSkia(pixmap => pixmap.Encode(SKPngEncoderOptions.Default));

    [Benchmark(Description = "PNG Skia zlib 1, all filters")]
    public int PngSkia1() => RunSkia(pixmap => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 1)));

    [Benchmark(Description = "JPEG q80 (libturbojpeg)")]
    public int JpegQ80() => Run(Jpeg, new EncodeOptions(Quality: 80, Lossless: false));

    [Benchmark(Description = "JPEG q50 (libturbojpeg)")]
    public int JpegQ50() => Run(Jpeg, new EncodeOptions(Quality: 50, Lossless: false));

    [Benchmark(Description = "JPEG q80 (SkiaSharp)")]
    public int JpegSkiaQ80() => Run(JpegSkia, new EncodeOptions(Quality: 80, Lossless: false));

    [Benchmark(Description = "JPEG q50 (SkiaSharp)")]
    public int JpegSkiaQ50() => Run(JpegSkia, new EncodeOptions(Quality: 50, Lossless: false));

    [Benchmark(Description = "WebP lossy q80")]
    public int WebPLossy() => Run(WebP, new EncodeOptions(Quality: 80, Lossless: false));

    [Benchmark(Description = "WebP lossless effort 0")]
    public int WebPLossless() => Run(WebP, new EncodeOptions(Lossless: true));

    [Benchmark(Description = "CRC-32 (ours) over the raw pixels")]
    public int Crc32Raw() => (int)(PngCrc32.ComputeWithTables(_pixels) & 0xFFFF) + _pixels.Length;

    [Benchmark(Description = "CRC-32 (System.IO.Hashing) over the raw pixels")]
    public int Crc32RawSystem() => (int)(System.IO.Hashing.Crc32.HashToUInt32(_pixels) & 0xFFFF) + _pixels.Length;

    private static EncodeOptions Opaque => new(HasAlpha: false);

    private int Run(IImageEncoder encoder, EncodeOptions options)
    {
        _output.ResetWrittenCount();
        encoder.Encode(_pixels, _width, _height, _width * 4, options, _output);
        return _output.WrittenCount;
    }

    private unsafe int RunSkia(Func<SKPixmap, SKData?> encode)
    {
        fixed (byte* p = _pixels)
        {
            using var pixmap = new SKPixmap(new SKImageInfo(_width, _height, SKColorType.Bgra8888, SKAlphaType.Opaque), (IntPtr)p, _width * 4);
            using SKData data = encode(pixmap) ?? throw new InvalidOperationException("skia encode failed");
            return (int)data.Size;
        }
    }
}
