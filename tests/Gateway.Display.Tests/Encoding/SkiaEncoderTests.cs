using Gateway.Display.Encoding;
using Xunit.Abstractions;

namespace Gateway.Display.Tests.Encoding;

public class SkiaEncoderTests(ITestOutputHelper log)
{
    /// <summary>A smooth, photo-like image (lossy codecs are judged on this, not on noise).</summary>
    private static TestImages.Image Smooth(int width, int height) => TestImages.Create(width, height, (x, y) =>
        TestImages.Rgb(
            (int)(127 + (100 * Math.Sin(x / 13.0))),
            (int)(127 + (100 * Math.Cos(y / 17.0))),
            (x + y) * 255 / Math.Max(1, width + height - 2)));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 19)]
    [InlineData(19, 1)]
    [InlineData(33, 21)]
    [InlineData(256, 256)]
    public void Lossless_webp_round_trips_exactly(int width, int height)
    {
        var image = TestImages.Noise(width, height, width + (7 * height));
        byte[] webp = TestImages.Encode(new WebPEncoder(), image, new EncodeOptions(Lossless: true));
        Assert.Equal("RIFF"u8.ToArray(), webp[..4]);
        var (pixels, w, h) = TestImages.Decode(webp);
        Assert.Equal((width, height), (w, h));
        Assert.Equal(0, TestImages.MaxChannelError(image, pixels, alpha: false));
    }

    [Fact]
    public void Lossless_webp_keeps_alpha_with_a_padded_stride()
    {
        var random = new Random(11);
        var image = TestImages.Create(45, 31, (45 * 4) + 20, (_, _) => ((uint)random.Next(1, 256) << 24) | (uint)random.Next(0, 1 << 24));
        byte[] webp = TestImages.Encode(new WebPEncoder(), image, new EncodeOptions(Lossless: true, HasAlpha: true));
        var (pixels, _, _) = TestImages.Decode(webp);
        int error = TestImages.MaxChannelError(image, pixels, alpha: true);
        log.WriteLine($"lossless webp with alpha: max channel error {error}");
        Assert.Equal(0, error);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(1, 7)]
    [InlineData(33, 17)]
    [InlineData(320, 200)]
    public void Jpeg_decodes_close_to_the_source(int width, int height)
    {
        var image = Smooth(width, height);
        byte[] jpeg = TestImages.Encode(new JpegEncoder(), image, new EncodeOptions(Quality: 90, Lossless: false));
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, jpeg[..3]);
        var (pixels, w, h) = TestImages.Decode(jpeg);
        Assert.Equal((width, height), (w, h));
        int error = TestImages.MaxChannelError(image, pixels, alpha: false);
        log.WriteLine($"jpeg q90 {width}x{height}: max channel error {error}");
        Assert.InRange(error, 0, 24);
    }

    [Fact]
    public void Jpeg_honours_stride_and_ignores_alpha_bytes()
    {
        var source = Smooth(50, 40);
        var image = TestImages.Create(50, 40, (50 * 4) + 36, (x, y) => source[x, y] & 0x00FFFFFFu);
        byte[] jpeg = TestImages.Encode(new JpegEncoder(), image, new EncodeOptions(Quality: 90, Lossless: false));
        var (pixels, _, _) = TestImages.Decode(jpeg);
        Assert.InRange(TestImages.MaxChannelError(image, pixels, alpha: false), 0, 24);
    }

    [Fact]
    public void Lower_jpeg_quality_gives_smaller_files()
    {
        var image = Smooth(256, 256);
        int q90 = TestImages.Encode(new JpegEncoder(), image, new EncodeOptions(Quality: 90, Lossless: false)).Length;
        int q30 = TestImages.Encode(new JpegEncoder(), image, new EncodeOptions(Quality: 30, Lossless: false)).Length;
        Assert.True(q30 < q90, $"q30 {q30} bytes, q90 {q90} bytes");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(33, 17)]
    [InlineData(320, 200)]
    public void Lossy_webp_decodes_close_to_the_source(int width, int height)
    {
        var image = Smooth(width, height);
        byte[] webp = TestImages.Encode(new WebPEncoder(), image, new EncodeOptions(Quality: 90, Lossless: false));
        var (pixels, w, h) = TestImages.Decode(webp);
        Assert.Equal((width, height), (w, h));
        int error = TestImages.MaxChannelError(image, pixels, alpha: false);
        log.WriteLine($"lossy webp q90 {width}x{height}: max channel error {error}");
        Assert.InRange(error, 0, 32);
    }

    [Fact]
    public void Mimetypes_and_formats()
    {
        Assert.Equal(("image/png", ImageFormat.Png), (new PngEncoder().Mimetype, new PngEncoder().Format));
        Assert.Equal(("image/jpeg", ImageFormat.Jpeg), (new JpegEncoder().Mimetype, new JpegEncoder().Format));
        Assert.Equal(("image/webp", ImageFormat.WebP), (new WebPEncoder().Mimetype, new WebPEncoder().Format));
    }

    [Fact]
    public void Skia_encoders_reject_bad_geometry()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.ThrowsAny<ArgumentException>(() => new JpegEncoder().Encode(new byte[15], 2, 2, 8, default, output));
        Assert.ThrowsAny<ArgumentException>(() => new WebPEncoder().Encode(new byte[16], 3, 1, 8, default, output));
        Assert.ThrowsAny<ArgumentException>(() => new WebPEncoder().Encode(new byte[16], 2, 2, 4, default, output));
    }
}
