using Gateway.Display.Encoding;

namespace Gateway.Display.Tests.Encoding;

public class JpegSanitizerTests
{
    private static readonly byte[] Sample = JpegSamples.Encode(40, 24, JpegSamples.Kind.Yuv420);

    private static byte[]? Sanitize(byte[] jpeg, int width = 40, int height = 24)
    {
        var output = new byte[jpeg.Length];
        return JpegSanitizer.TrySanitize(jpeg, width, height, output, out int written) ? output[..written] : null;
    }

    private static byte[] Insert(byte[] jpeg, int offset, params byte[] bytes) => [.. jpeg[..offset], .. bytes, .. jpeg[offset..]];

    private static int OffsetOf(byte[] jpeg, byte marker) => JpegSamples.Segments(jpeg).First(s => s.Marker == marker).Offset;

    [Fact]
    public void A_baseline_jpeg_loses_only_its_app_segments_and_decodes_the_same()
    {
        Assert.Contains(JpegSamples.Segments(Sample), s => s.Marker == 0xE0);
        var clean = Sanitize(Sample);
        Assert.NotNull(clean);
        Assert.DoesNotContain(JpegSamples.Segments(clean), s => s.Marker is >= 0xE0 and <= 0xEF or 0xFE);
        var app0 = JpegSamples.Segments(Sample).First(s => s.Marker == 0xE0);
        Assert.Equal(Sample.Length - app0.Length, clean.Length);
        Assert.Equal([.. Sample[..app0.Offset], .. Sample[(app0.Offset + app0.Length)..]], clean);

        var a = new byte[40 * 24 * 4];
        var b = new byte[40 * 24 * 4];
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder().Decode(Sample, 40, 24, a, 160));
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder().Decode(clean, 40, 24, b, 160));
        Assert.Equal(a, b);

        // Already clean: unchanged.
        Assert.Equal(clean, Sanitize(clean));
    }

    [Fact]
    public void Comments_exif_and_fill_bytes_are_dropped()
    {
        var clean = Sanitize(Sample)!;
        int dqt = OffsetOf(Sample, 0xDB);
        var dirty = Insert(Sample, dqt, 0xFF, 0xFE, 0x00, 0x07, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o');
        dirty = Insert(dirty, OffsetOf(dirty, 0xDB), 0xFF, 0xE1, 0x00, 0x06, (byte)'E', (byte)'x', (byte)'i', (byte)'f');
        dirty = Insert(dirty, OffsetOf(dirty, 0xC0), 0xFF, 0xFF);
        Assert.Equal(clean, Sanitize(dirty));
    }

    [Theory]
    [InlineData(0xC2)] // progressive
    [InlineData(0xC1)] // extended sequential
    [InlineData(0xC3)] // lossless
    [InlineData(0xC9)] // arithmetic
    [InlineData(0xCA)] // arithmetic progressive
    public void Other_frame_types_are_refused(int marker)
    {
        var jpeg = (byte[])Sample.Clone();
        jpeg[OffsetOf(jpeg, 0xC0) + 1] = (byte)marker;
        Assert.Null(Sanitize(jpeg));
    }

    [Fact]
    public void Twelve_bit_samples_wrong_sizes_and_a_second_frame_are_refused()
    {
        var twelve = (byte[])Sample.Clone();
        twelve[OffsetOf(twelve, 0xC0) + 4] = 12;
        Assert.Null(Sanitize(twelve));

        Assert.Null(Sanitize(Sample, 41, 24));
        Assert.Null(Sanitize(Sample, 40, 23));

        var sof = JpegSamples.Segments(Sample).First(s => s.Marker == 0xC0);
        var twoFrames = Insert(Sample, sof.Offset, Sample[sof.Offset..(sof.Offset + sof.Length)]);
        Assert.Null(Sanitize(twoFrames));
    }

    [Fact]
    public void Adobe_segments_progressive_scans_and_unknown_markers_are_refused()
    {
        int dqt = OffsetOf(Sample, 0xDB);
        Assert.Null(Sanitize(Insert(Sample, dqt, 0xFF, 0xEE, 0x00, 0x0E, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0)));
        Assert.Null(Sanitize(Insert(Sample, dqt, 0xFF, 0xDC, 0x00, 0x04, 0x00, 0x18))); // DNL
        Assert.Null(Sanitize(Insert(Sample, dqt, 0xFF, 0xD0))); // RST outside a scan
        Assert.Null(Sanitize(Insert(Sample, dqt, 0xFF, 0xD8))); // second SOI

        var sos = JpegSamples.Segments(Sample).First(s => s.Marker == 0xDA);
        var progressive = (byte[])Sample.Clone();
        progressive[sos.Offset + sos.Length - 2] = 5; // Se below 63: spectral selection
        Assert.Null(Sanitize(progressive));
    }

    [Fact]
    public void Truncation_trailing_bytes_and_missing_pieces_are_refused()
    {
        for (int length = 0; length < Sample.Length; length++)
        {
            Assert.Null(Sanitize(Sample[..length]));
        }

        Assert.Null(Sanitize([.. Sample, 0x00]));
        Assert.Null(Sanitize([.. Sample, 0xFF, 0xD9]));
        Assert.Null(Sanitize([0xFF, 0xD8, 0xFF, 0xD9]));
        Assert.Null(Sanitize([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x02, 0xFF, 0xD9]));

        // A scan without a frame header.
        var sof = JpegSamples.Segments(Sample).First(s => s.Marker == 0xC0);
        Assert.Null(Sanitize([.. Sample[..sof.Offset], .. Sample[(sof.Offset + sof.Length)..]]));
    }

    [Fact]
    public void Grey_and_full_chroma_jpegs_are_accepted()
    {
        foreach (var kind in new[] { JpegSamples.Kind.Grey, JpegSamples.Kind.Yuv444, JpegSamples.Kind.Yuv422 })
        {
            Assert.NotNull(Sanitize(JpegSamples.Encode(40, 24, kind)));
        }
    }

    [Fact]
    public void Random_damage_never_throws_and_what_passes_decodes_as_the_original()
    {
        var random = new Random(99);
        var pixels = new byte[40 * 24 * 4];
        var original = new byte[40 * 24 * 4];
        int compared = 0;
        var decoder = new JpegDecoder();
        for (int n = 0; n < 2000; n++)
        {
            var damaged = (byte[])Sample.Clone();
            for (int k = 0; k < 1 + (n % 4); k++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            var cut = n % 3 == 0 ? damaged[..random.Next(damaged.Length + 1)] : damaged;
            var clean = Sanitize(cut);
            if (clean is not null && decoder.Decode(cut, 40, 24, original, 160) == JpegDecodeResult.Decoded)
            {
                // Forwarded only after the original decoded cleanly: the rewrite must then show the same pixels.
                Assert.Equal(JpegDecodeResult.Decoded, decoder.Decode(clean, 40, 24, pixels, 160));
                Assert.Equal(original, pixels);
                compared++;
            }
        }

        Assert.True(compared > 100, $"only {compared} damaged samples passed");
    }
}
