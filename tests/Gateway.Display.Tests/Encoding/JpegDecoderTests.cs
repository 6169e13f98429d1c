using Gateway.Display.Encoding;

namespace Gateway.Display.Tests.Encoding;

/// <summary>Both JPEG decoders: libturbojpeg (the default when installed) and the SkiaSharp fallback.</summary>
public class JpegDecoderTests
{
    [Fact]
    public void Turbojpeg_decompression_is_available_and_used_by_default()
    {
        Assert.True(new JpegDecoder().UsesTurboJpeg, "libturbojpeg.so.0 has no decompressor (apt-get install libturbojpeg0)");
        Assert.False(new JpegDecoder(allowTurboJpeg: false).UsesTurboJpeg);
    }

    [Theory]
    [InlineData(true, JpegSamples.Kind.Yuv444)]
    [InlineData(true, JpegSamples.Kind.Yuv422)]
    [InlineData(true, JpegSamples.Kind.Yuv420)]
    [InlineData(true, JpegSamples.Kind.Grey)]
    [InlineData(false, JpegSamples.Kind.Yuv444)]
    [InlineData(false, JpegSamples.Kind.Yuv422)]
    [InlineData(false, JpegSamples.Kind.Yuv420)]
    [InlineData(false, JpegSamples.Kind.Grey)]
    public void Decodes_each_subsampling_close_to_the_source_with_opaque_alpha(bool turbo, JpegSamples.Kind kind)
    {
        const int width = 67, height = 41, stride = (width * 4) + 12;
        var jpeg = JpegSamples.Encode(width, height, kind);
        var output = new byte[stride * height];
        output.AsSpan().Fill(0x11);
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder(turbo).Decode(jpeg, width, height, output, stride));

        var expected = JpegSamples.Pattern(width, height, kind == JpegSamples.Kind.Grey);
        for (int y = 0; y < height; y++)
        {
            var row = output.AsSpan(y * stride, width * 4);
            Assert.InRange(JpegSamples.MaxError(expected.AsSpan(y * width * 4, width * 4), row), 0, 16);
            for (int x = 0; x < width; x++)
            {
                Assert.Equal(255, row[(x * 4) + 3]);
            }

            // Bytes between rows are not written.
            Assert.All(output.AsSpan((y * stride) + (width * 4), 12).ToArray(), b => Assert.Equal(0x11, b));
        }
    }

    [Fact]
    public void Turbojpeg_and_skia_agree_closely()
    {
        var jpeg = JpegSamples.Encode(100, 60, JpegSamples.Kind.Yuv420);
        var a = new byte[100 * 60 * 4];
        var b = new byte[100 * 60 * 4];
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder(true).Decode(jpeg, 100, 60, a, 400));
        Assert.Equal(JpegDecodeResult.Decoded, new JpegDecoder(false).Decode(jpeg, 100, 60, b, 400));
        Assert.InRange(JpegSamples.MaxError(a, b), 0, 4);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_size_mismatch_is_reported_before_anything_is_written(bool turbo)
    {
        var jpeg = JpegSamples.Encode(32, 16, JpegSamples.Kind.Yuv420);
        var output = new byte[16 * 32 * 4];
        output.AsSpan().Fill(0x5A);
        var decoder = new JpegDecoder(turbo);
        Assert.Equal(JpegDecodeResult.SizeMismatch, decoder.Decode(jpeg, 16, 32, output, 64));
        Assert.All(output, b => Assert.Equal(0x5A, b));
        Assert.True(decoder.TryReadSize(jpeg, out int w, out int h));
        Assert.Equal((32, 16), (w, h));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Garbage_truncation_and_corruption_are_reported(bool turbo)
    {
        var decoder = new JpegDecoder(turbo);
        var output = new byte[64 * 64 * 4];
        Assert.Equal(JpegDecodeResult.NotJpeg, decoder.Decode([1, 2, 3, 4, 5], 64, 64, output, 256));
        Assert.Equal(JpegDecodeResult.NotJpeg, decoder.Decode([], 64, 64, output, 256));

        var jpeg = JpegSamples.Encode(64, 64, JpegSamples.Kind.Yuv420);
        var truncated = jpeg[..(jpeg.Length * 2 / 3)];
        Assert.NotEqual(JpegDecodeResult.Decoded, decoder.Decode(truncated, 64, 64, output, 256));
        var headerOnly = jpeg[..(JpegSamples.Segments(jpeg)[^1].Offset + JpegSamples.Segments(jpeg)[^1].Length)];
        Assert.NotEqual(JpegDecodeResult.Decoded, decoder.Decode(headerOnly, 64, 64, output, 256));
    }

    [Fact]
    public void Random_damage_never_throws()
    {
        var jpeg = JpegSamples.Encode(48, 40, JpegSamples.Kind.Yuv420);
        var random = new Random(1234);
        var output = new byte[48 * 40 * 4];
        foreach (bool turbo in new[] { true, false })
        {
            var decoder = new JpegDecoder(turbo);
            for (int n = 0; n < 300; n++)
            {
                var damaged = (byte[])jpeg.Clone();
                for (int k = 0; k < 1 + (n % 5); k++)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }

                var cut = damaged[..random.Next(2, damaged.Length + 1)];
                _ = decoder.Decode(cut, 48, 40, output, 48 * 4);
            }
        }
    }
}
