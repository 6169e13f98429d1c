using System.IO.Compression;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Scratch buffers a large rectangle grew are given back when the driver trims an idle connection.</summary>
public sealed class BufferTrimTests
{
    [Fact]
    public void Zrle_output_buffer_is_released_by_trim_and_decoding_still_works()
    {
        const int Width = 1024;
        const int Height = 512;
        var decoder = new ZrleDecoder();
        var context = Harness.Context();
        var sink = new SurfaceSink(Width, Height);
        using var z = new ZlibWriter(CompressionLevel.Fastest);

        Harness.Whole(decoder, new(0, 0, Width, Height, EncodingType.Zrle), Frame(z, Width, Height, 0x11), context, sink);
        Assert.True(decoder.RetainedBytes > DecoderChecks.RetainedBufferBytes, "a raw-tile frame this large needs a big output buffer");

        decoder.TrimBuffers();
        Assert.Equal(0, decoder.RetainedBytes);

        // The zlib stream lives on: the next rectangle of the same stream decodes after the trim.
        Harness.Whole(decoder, new(0, 0, Width, Height, EncodingType.Zrle), Frame(z, Width, Height, 0x22), context, sink);
        Assert.Equal((byte)0x22, sink.Surface.GetPixel(Width - 1, Height - 1).R);
        decoder.TrimBuffers();
        Assert.Equal(0, decoder.RetainedBytes);
    }

    [Fact]
    public void Small_buffers_are_kept()
    {
        var decoder = new ZrleDecoder();
        var context = Harness.Context();
        var sink = new SurfaceSink(64, 64);
        using var z = new ZlibWriter(CompressionLevel.Fastest);
        Harness.Whole(decoder, new(0, 0, 64, 64, EncodingType.Zrle), Frame(z, 64, 64, 0x33), context, sink);
        long kept = decoder.RetainedBytes;
        decoder.TrimBuffers();
        Assert.Equal(kept, decoder.RetainedBytes);
    }

    [Fact]
    public void Trim_forgets_only_buffers_above_the_bound()
    {
        byte[]? small = new byte[DecoderChecks.RetainedBufferBytes];
        uint[]? large = new uint[(DecoderChecks.RetainedBufferBytes / 4) + 1];
        DecoderChecks.Trim(ref small);
        DecoderChecks.Trim(ref large);
        Assert.NotNull(small);
        Assert.Null(large);
    }

    /// <summary>One ZRLE rectangle of raw tiles, every CPIXEL red = <paramref name="red"/>.</summary>
    private static byte[] Frame(ZlibWriter z, int width, int height, byte red)
    {
        var tiles = new Wire();
        for (int ty = 0; ty < height; ty += 64)
        {
            for (int tx = 0; tx < width; tx += 64)
            {
                int area = Math.Min(64, width - tx) * Math.Min(64, height - ty);
                tiles.U8(0);
                for (int i = 0; i < area; i++)
                {
                    tiles.CPx((uint)red << 16);
                }
            }
        }

        var data = z.Chunk(tiles.ToArray());
        return new Wire().U32((uint)data.Length).Bytes(data).ToArray();
    }
}
