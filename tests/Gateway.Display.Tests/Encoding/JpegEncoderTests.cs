using Gateway.Display.Encoding;
using Xunit.Abstractions;

namespace Gateway.Display.Tests.Encoding;

/// <summary>Both JPEG back ends: libturbojpeg (the default when installed) and the SkiaSharp fallback.</summary>
public class JpegEncoderTests(ITestOutputHelper log)
{
    private static TestImages.Image Smooth(int width, int height) => TestImages.Create(width, height, (x, y) =>
        TestImages.Rgb(
            (int)(127 + (100 * Math.Sin(x / 11.0))),
            (int)(127 + (100 * Math.Cos(y / 19.0))),
            (x + y) * 255 / Math.Max(1, width + height - 2)));

    private static JpegEncoder Encoder(bool turbo) => new(allowTurboJpeg: turbo);

    [Fact]
    public void Turbojpeg_is_installed_and_used_by_default()
    {
        // test.sh installs libturbojpeg0 and the runtime image installs libturbojpeg; without it JPEG is ~6x slower.
        Assert.True(new JpegEncoder().UsesTurboJpeg, "libturbojpeg.so.0 was not found (apt-get install libturbojpeg0)");
        Assert.False(Encoder(turbo: false).UsesTurboJpeg);
    }

    [Theory]
    [InlineData(true, 1, 1)]
    [InlineData(true, 7, 1)]
    [InlineData(true, 1, 7)]
    [InlineData(true, 33, 17)]
    [InlineData(true, 512, 384)]
    [InlineData(false, 33, 17)]
    [InlineData(false, 512, 384)]
    public void Decodes_close_to_the_source(bool turbo, int width, int height)
    {
        var image = Smooth(width, height);
        byte[] jpeg = TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 90, Lossless: false));
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, jpeg[..3]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        var (pixels, w, h) = TestImages.Decode(jpeg);
        Assert.Equal((width, height), (w, h));
        int error = TestImages.MaxChannelError(image, pixels, alpha: false);
        log.WriteLine($"jpeg q90 {(turbo ? "turbojpeg" : "skia")} {width}x{height}: {jpeg.Length} bytes, max channel error {error}");
        Assert.InRange(error, 0, 24);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Honours_stride_and_ignores_alpha_bytes(bool turbo)
    {
        var source = Smooth(50, 40);
        var image = TestImages.Create(50, 40, (50 * 4) + 36, (x, y) => source[x, y] & 0x00FFFFFFu);
        byte[] jpeg = TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 90, Lossless: false));
        var (pixels, _, _) = TestImages.Decode(jpeg);
        Assert.InRange(TestImages.MaxChannelError(image, pixels, alpha: false), 0, 24);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lower_quality_gives_smaller_files_and_out_of_range_quality_is_clamped(bool turbo)
    {
        var image = TestImages.Noise(128, 128, 3);
        int q90 = TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 90, Lossless: false)).Length;
        int q30 = TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 30, Lossless: false)).Length;
        Assert.True(q30 < q90, $"q30 {q30} bytes, q90 {q90} bytes");
        Assert.Equal(
            TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 100, Lossless: false)),
            TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 1000, Lossless: false)));
        Assert.Equal(
            TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: 1, Lossless: false)),
            TestImages.Encode(Encoder(turbo), image, new EncodeOptions(Quality: -5, Lossless: false)));
    }

    [Fact]
    public void Appends_to_what_the_writer_already_holds()
    {
        var image = Smooth(64, 64);
        byte[] alone = TestImages.Encode(new JpegEncoder(), image, new EncodeOptions(Quality: 80, Lossless: false));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(output, "prefix"u8);
        new JpegEncoder().Encode(image.Pixels, image.Width, image.Height, image.Stride, new EncodeOptions(Quality: 80, Lossless: false), output);
        Assert.Equal([.. "prefix"u8.ToArray(), .. alone], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Concurrent_encodes_give_the_same_bytes_as_one_at_a_time()
    {
        var encoder = new JpegEncoder();
        var images = Enumerable.Range(0, 8).Select(i => TestImages.Noise(96 + i, 64, i)).ToArray();
        var expected = images.Select(i => TestImages.Encode(encoder, i, new EncodeOptions(Quality: 75, Lossless: false))).ToArray();
        var results = new byte[64][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = TestImages.Encode(encoder, images[i % images.Length], new EncodeOptions(Quality: 75, Lossless: false)));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % images.Length], results[i]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rejects_bad_geometry(bool turbo)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.ThrowsAny<ArgumentException>(() => Encoder(turbo).Encode(new byte[15], 2, 2, 8, default, output));
        Assert.ThrowsAny<ArgumentException>(() => Encoder(turbo).Encode(new byte[64], 0, 2, 8, default, output));
        Assert.ThrowsAny<ArgumentException>(() => Encoder(turbo).Encode(new byte[64], 4, 2, 8, default, output));
        Assert.Equal(0, output.WrittenCount);
    }
}
