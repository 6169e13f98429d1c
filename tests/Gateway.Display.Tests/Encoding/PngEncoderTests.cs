using System.Buffers.Binary;
using System.IO.Compression;
using Gateway.Display.Encoding;

namespace Gateway.Display.Tests.Encoding;

public class PngEncoderTests
{
    private static readonly EncodeOptions Opaque = new(HasAlpha: false);
    private static readonly EncodeOptions Alpha = new(HasAlpha: true);

    private static (byte BitDepth, byte ColourType) Header(byte[] png) => (png[24], png[25]);

    private static void AssertLossless(PngEncoder encoder, TestImages.Image image, EncodeOptions options)
    {
        byte[] png = TestImages.Encode(encoder, image, options);
        var (pixels, width, height) = TestImages.Decode(png);
        Assert.Equal(image.Width, width);
        Assert.Equal(image.Height, height);
        Assert.Equal(0, TestImages.MaxChannelError(image, pixels, options.HasAlpha));
    }

    [Fact]
    public void Golden_two_by_one_image_starts_with_signature_and_ihdr()
    {
        var image = TestImages.Create(2, 1, (x, _) => x == 0 ? TestImages.Rgb(255, 0, 0) : TestImages.Rgb(0, 0, 255));
        byte[] png = TestImages.Encode(new PngEncoder(), image, Opaque);

        byte[] expectedStart =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, // signature
            0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, // IHDR, 13 bytes
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, // 2 x 1
            0x01, 0x03, 0x00, 0x00, 0x00, // bit depth 1, palette, deflate, adaptive, no interlace
        ];
        Assert.Equal(expectedStart, png[..expectedStart.Length]);
        uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(29));
        Assert.Equal(Crc32Reference(png.AsSpan(12, 17)), crc);
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
        Assert.Equal(0xAE426082u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(png.Length - 4)));
    }

    [Fact]
    public void Crc32_matches_check_value_and_bitwise_reference()
    {
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("123456789"u8));
        Assert.Equal(0xCBF43926u, PngCrc32.ComputeWithTables("123456789"u8));
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        for (int length = 0; length < 40; length++)
        {
            Assert.Equal(Crc32Reference(data.AsSpan(0, length)), PngCrc32.Compute(data.AsSpan(0, length)));
            Assert.Equal(Crc32Reference(data.AsSpan(0, length)), PngCrc32.ComputeWithTables(data.AsSpan(0, length)));
        }

        Assert.Equal(Crc32Reference(data), PngCrc32.Compute(data));
        Assert.Equal(Crc32Reference(data), PngCrc32.ComputeWithTables(data));
    }

    [Fact]
    public void Row_cost_matches_scalar_definition()
    {
        var random = new Random(8);
        foreach (int length in new[] { 0, 1, 15, 16, 17, 100, 4097 })
        {
            var row = new byte[length];
            random.NextBytes(row);
            long expected = row.Sum(b => (long)Math.Abs((int)(sbyte)b));
            Assert.Equal(expected, PngPixels.Cost(row));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 37)]
    [InlineData(37, 1)]
    [InlineData(33, 7)]
    [InlineData(257, 31)]
    [InlineData(64, 64)]
    public void Noise_round_trips_as_truecolour(int width, int height)
    {
        var image = TestImages.Noise(width, height, width * 1000 + height);
        AssertLossless(new PngEncoder(), image, Opaque);
        if (width * height > 256)
        {
            Assert.Equal(((byte)8, (byte)2), Header(TestImages.Encode(new PngEncoder(), image, Opaque)));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(31, 9)]
    [InlineData(200, 50)]
    public void Noise_with_alpha_round_trips_as_rgba(int width, int height)
    {
        var random = new Random(width + height);
        var image = TestImages.Create(width, height, (_, _) => (uint)random.Next(int.MinValue, int.MaxValue));
        AssertLossless(new PngEncoder(), image, Alpha);
        if (width * height > 256)
        {
            Assert.Equal(((byte)8, (byte)6), Header(TestImages.Encode(new PngEncoder(), image, Alpha)));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(16, 4)]
    [InlineData(17, 8)]
    [InlineData(256, 8)]
    [InlineData(257, 8)]
    public void Palette_path_by_colour_count(int colours, int expectedBitDepth)
    {
        var image = TestImages.WithColours(67, 13, colours);
        byte[] png = TestImages.Encode(new PngEncoder(), image, Opaque);
        var expected = colours <= 256 ? ((byte)expectedBitDepth, (byte)3) : ((byte)8, (byte)2);
        Assert.Equal(expected, Header(png));
        AssertLossless(new PngEncoder(), image, Opaque);
    }

    [Fact]
    public void Colours_hidden_from_the_row_sample_still_fall_back_to_truecolour()
    {
        // Row 7 is not among the sampled rows of a 1000-row image; its 300 colours only show up in the full pass.
        var image = TestImages.Create(300, 1000, (x, y) => y == 7 ? TestImages.Rgb(x, x / 3, 255 - (x / 2)) : TestImages.Rgb(1, 2, 3));
        byte[] png = TestImages.Encode(new PngEncoder(), image, Opaque);
        Assert.Equal(((byte)8, (byte)2), Header(png));
        AssertLossless(new PngEncoder(), image, Opaque);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(15)]
    public void Low_bit_depth_palettes_round_trip_at_odd_widths(int width)
    {
        foreach (int colours in new[] { 2, 3, 4, 9, 16 })
        {
            AssertLossless(new PngEncoder(), TestImages.WithColours(width, 5, colours), Opaque);
        }
    }

    [Fact]
    public void Palette_with_translucent_colours_writes_trns()
    {
        var image = TestImages.Create(40, 10, (x, y) => (uint)((x % 4) * 60) << 24 | TestImages.Rgb(x % 4 * 50, 100, y % 2 * 200) & 0x00FFFFFFu);
        byte[] png = TestImages.Encode(new PngEncoder(), image, Alpha);
        Assert.Equal(3, Header(png).ColourType);
        Assert.True(png.AsSpan().IndexOf("tRNS"u8) > 0);
        var (pixels, _, _) = TestImages.Decode(png);
        // Fully transparent pixels keep their colour in a palette image, so the comparison is exact.
        Assert.Equal(0, TestImages.MaxChannelError(image, pixels, alpha: true));
    }

    [Fact]
    public void Opaque_option_ignores_alpha_bytes()
    {
        var random = new Random(3);
        var image = TestImages.Create(50, 20, (_, _) => (uint)random.Next() & 0x00FFFFFFu);
        byte[] png = TestImages.Encode(new PngEncoder(), image, Opaque);
        Assert.Equal(2, Header(png).ColourType);
        var (pixels, _, _) = TestImages.Decode(png);
        Assert.Equal(0, TestImages.MaxChannelError(image, pixels, alpha: false));
    }

    [Fact]
    public void Stride_larger_than_row_is_honoured()
    {
        var random = new Random(9);
        var image = TestImages.Create(29, 17, 29 * 4 + 52, (_, _) => 0xFF000000u | (uint)random.Next(0, 1 << 24));
        AssertLossless(new PngEncoder(), image, Opaque);
        var text = TestImages.Create(45, 30, 45 * 4 + 12, (x, y) => TestImages.Text(45, 30)[x, y]);
        AssertLossless(new PngEncoder(), text, Opaque);
    }

    [Fact]
    public void Screen_content_with_repeated_rows_round_trips_in_every_filter_mode()
    {
        // A gradient (too many colours for a palette) with runs of identical rows.
        var image = TestImages.Create(300, 120, (x, y) => (y / 10) % 2 == 0 ? TestImages.Rgb(x % 256, (x * 3) % 256, y / 10) : TestImages.Rgb(255 - (x % 256), 17, y));
        foreach (PngFilterStrategy filter in Enum.GetValues<PngFilterStrategy>())
        {
            foreach (bool palette in new[] { true, false })
            {
                var encoder = new PngEncoder(PngEncoderSettings.Default with { Filter = filter, Palette = palette });
                AssertLossless(encoder, image, Opaque);
                AssertLossless(encoder, TestImages.Text(70, 40), Opaque);
                AssertLossless(encoder, TestImages.Noise(23, 9, 1), Alpha);
            }
        }
    }

    [Fact]
    public void Large_image_spans_several_idat_chunks()
    {
        var image = TestImages.Noise(300, 200, 42);
        byte[] png = TestImages.Encode(new PngEncoder(), image, Opaque);
        int idats = 0;
        for (int i = png.AsSpan().IndexOf("IDAT"u8); i >= 0; i = png.AsSpan(i + 4).IndexOf("IDAT"u8) is var n and >= 0 ? i + 4 + n : -1)
        {
            idats++;
        }

        Assert.True(idats >= 2, $"expected several IDAT chunks, saw {idats}");
        AssertLossless(new PngEncoder(), image, Opaque);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 4)]
    [InlineData(2, 2, 7)]
    public void Rejects_bad_geometry(int width, int height, int stride)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.ThrowsAny<ArgumentException>(() => new PngEncoder().Encode(new byte[64], width, height, stride, Opaque, output));
    }

    [Fact]
    public void Rejects_short_buffer()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => new PngEncoder().Encode(new byte[(3 * 40) + 39], 10, 4, 40, Opaque, output));
    }

    [Fact]
    public void Zlib_stream_inside_idat_is_valid()
    {
        var image = TestImages.Text(100, 30);
        byte[] png = TestImages.Encode(new PngEncoder(PngEncoderSettings.Default with { Palette = false }), image, Opaque);
        int at = png.AsSpan().IndexOf("IDAT"u8);
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at - 4));
        using var zlib = new ZLibStream(new MemoryStream(png, at + 4, length), CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        Assert.Equal(30 * (1 + (100 * 3)), raw.Length);
    }

    private static uint Crc32Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
