using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;
using SkiaSharp;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Tight JpegCompression through <see cref="JpegDecoder"/>: both decoders, each subsampling, hostile data.</summary>
public class TightJpegTests
{
    public enum Kind
    {
        Yuv444,
        Yuv422,
        Yuv420,
        Grey,
    }

    private static byte[] Pattern(int width, int height, bool grey)
    {
        var bgra = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                byte r = (byte)(127 + (100 * Math.Sin(x / 9.0)));
                byte g = (byte)(127 + (100 * Math.Cos(y / 7.0)));
                byte b = (byte)((x * 3) + y);
                (bgra[i], bgra[i + 1], bgra[i + 2], bgra[i + 3]) = grey ? (g, g, g, (byte)255) : (b, g, r, (byte)255);
            }
        }

        return bgra;
    }

    private static byte[] Jpeg(int width, int height, Kind kind)
    {
        var pixels = Pattern(width, height, kind == Kind.Grey);
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        int stride = width * 4;
        if (kind == Kind.Grey)
        {
            pixels = Enumerable.Range(0, width * height).Select(i => pixels[(i * 4) + 1]).ToArray();
            info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
            stride = width;
        }

        var downsample = kind switch
        {
            Kind.Yuv444 or Kind.Grey => SKJpegEncoderDownsample.Downsample444,
            Kind.Yuv422 => SKJpegEncoderDownsample.Downsample422,
            _ => SKJpegEncoderDownsample.Downsample420,
        };
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), stride);
            using var data = pixmap.Encode(new SKJpegEncoderOptions(95, downsample, SKJpegEncoderAlphaOption.Ignore))!;
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    private static void Whole(TightDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, IFramebufferSink sink)
    {
        var (status, consumed) = Partial(decoder, header, payload, context, sink);
        Assert.Equal(DecodeStatus.Complete, status);
        Assert.Equal(payload.Length, consumed);
    }

    private static (DecodeStatus Status, long Consumed) Partial(TightDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, IFramebufferSink sink)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload));
        var status = decoder.Decode(ref reader, header, context, sink);
        return (status, reader.Consumed);
    }

    private static byte[] Payload(byte[] jpeg) => new Wire().U8(0x90).Compact(jpeg.Length).Bytes(jpeg).ToArray();

    [Theory]
    [InlineData(true, Kind.Yuv444)]
    [InlineData(true, Kind.Yuv422)]
    [InlineData(true, Kind.Yuv420)]
    [InlineData(true, Kind.Grey)]
    [InlineData(false, Kind.Yuv420)]
    [InlineData(false, Kind.Grey)]
    public void Decodes_close_to_the_source_and_hands_the_sink_the_server_jpeg(bool turbo, Kind kind)
    {
        var jpeg = Jpeg(45, 30, kind);
        var sink = new JpegSink(64, 48);
        using var decoder = new TightDecoder(new JpegDecoder(turbo));
        Whole(decoder, new RectangleHeader(10, 7, 45, 30, EncodingType.Tight), Payload(jpeg), Harness.Context(), sink);

        var expected = Pattern(45, 30, kind == Kind.Grey);
        var actual = sink.Inner.Surface.Extract(new PixelRect(10, 7, 45, 30));
        int max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, i % 4 == 3 ? 255 - actual[i] : Math.Abs(expected[i] - actual[i]));
        }

        Assert.InRange(max, 0, 20);
        var (rect, bytes) = Assert.Single(sink.Jpegs);
        Assert.Equal(new PixelRect(10, 7, 45, 30), rect);
        Assert.Equal(jpeg, bytes);
    }

    [Fact]
    public void Swapped_red_and_blue_are_swapped_and_the_jpeg_is_not_passed_on()
    {
        var jpeg = Jpeg(16, 16, Kind.Yuv444);
        var plain = new JpegSink(16, 16);
        var swapped = new JpegSink(16, 16);
        using var decoder = new TightDecoder();
        Whole(decoder, new RectangleHeader(0, 0, 16, 16, EncodingType.Tight), Payload(jpeg), Harness.Context(), plain);
        Whole(decoder, new RectangleHeader(0, 0, 16, 16, EncodingType.Tight), Payload(jpeg), Harness.Context(swap: true), swapped);
        var a = plain.Inner.Surface.GetPixel(5, 5);
        var b = swapped.Inner.Surface.GetPixel(5, 5);
        Assert.Equal((a.R, a.G, a.B), (b.B, b.G, b.R));
        Assert.Empty(swapped.Jpegs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_size_mismatch_is_rejected_before_decoding(bool turbo)
    {
        var jpeg = Jpeg(20, 10, Kind.Yuv420);
        var sink = new JpegSink(32, 32);
        using var decoder = new TightDecoder(new JpegDecoder(turbo));
        var e = Assert.Throws<RfbProtocolException>(() => Partial(decoder, new RectangleHeader(0, 0, 10, 20, EncodingType.Tight), Payload(jpeg), Harness.Context(), sink));
        Assert.Contains("20x10", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, sink.Draws);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Truncated_or_corrupt_jpeg_is_a_protocol_error(bool turbo)
    {
        var jpeg = Jpeg(40, 40, Kind.Yuv420);
        using var decoder = new TightDecoder(new JpegDecoder(turbo));
        var header = new RectangleHeader(0, 0, 40, 40, EncodingType.Tight);
        var sink = new JpegSink(40, 40);

        // The compact length covers the cut JPEG: the rectangle is whole, its image is not.
        Assert.Throws<RfbProtocolException>(() => Partial(decoder, header, Payload(jpeg[..(jpeg.Length / 2)]), Harness.Context(), sink));
        var noEnd = jpeg[..^2];
        Assert.Throws<RfbProtocolException>(() => Partial(decoder, header, Payload([.. noEnd[..^40]]), Harness.Context(), sink));
        Assert.Throws<RfbProtocolException>(() => Partial(decoder, header, Payload([0xFF, 0xD8, 0xFF]), Harness.Context(), sink));
        Assert.Equal(0, sink.Draws);
    }

    [Fact]
    public void Random_damage_is_only_ever_a_protocol_error()
    {
        var jpeg = Jpeg(24, 16, Kind.Yuv420);
        var random = new Random(77);
        var header = new RectangleHeader(0, 0, 24, 16, EncodingType.Tight);
        foreach (bool turbo in new[] { true, false })
        {
            using var decoder = new TightDecoder(new JpegDecoder(turbo));
            for (int n = 0; n < 300; n++)
            {
                var damaged = (byte[])jpeg.Clone();
                for (int k = 0; k < 1 + (n % 4); k++)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }

                var cut = n % 2 == 0 ? damaged[..random.Next(damaged.Length + 1)] : damaged;
                var sink = new JpegSink(24, 16);
                try
                {
                    Whole(decoder, header, Payload(cut), Harness.Context(), sink);
                }
                catch (RfbProtocolException)
                {
                }
            }
        }
    }

    /// <summary>Records <see cref="IFramebufferSink.PutJpeg"/> calls over a <see cref="SurfaceSink"/>.</summary>
    private sealed class JpegSink(int width, int height) : IFramebufferSink
    {
        public SurfaceSink Inner { get; } = new(width, height);

        public List<(PixelRect Rect, byte[] Jpeg)> Jpegs { get; } = [];

        public int Draws { get; private set; }

        public int Width => Inner.Width;

        public int Height => Inner.Height;

        public void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride)
        {
            Draws++;
            Inner.Put(rect, bgra, stride);
        }

        public void PutJpeg(PixelRect rect, ReadOnlySpan<byte> bgra, int stride, ReadOnlySpan<byte> jpeg)
        {
            Draws++;
            Jpegs.Add((rect, jpeg.ToArray()));
            Inner.Put(rect, bgra, stride);
        }

        public void Fill(PixelRect rect, Bgra32 colour) => Inner.Fill(rect, colour);

        public void Copy(PixelRect source, int x, int y) => Inner.Copy(source, x, y);

        public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride) =>
            Inner.SetCursor(hotspotX, hotspotY, width, height, bgra, stride);
    }
}
