using System.IO.Compression;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;
using static Gateway.Vnc.Tests.Encodings.GoldenCase;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>What a hostile server can send: every case is an <see cref="RfbProtocolException"/>, never another exception.</summary>
public sealed class HostileInputTests
{
    public static IEnumerable<object[]> FramebufferDecoders =>
        new[] { "raw", "copyrect", "rre", "hextile", "zlib", "zrle", "trle", "tight" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(FramebufferDecoders))]
    public void Rectangle_outside_the_framebuffer_is_rejected(string name)
    {
        foreach (var header in new RectangleHeader[] { new(4, 0, 5, 1, 0), new(0, 7, 1, 2, 0), new(65535, 65535, 65535, 65535, 0) })
        {
            var e = Throws(VncDecoderFuzzTarget.Create(name), header, new byte[64], Harness.Context(), new SurfaceSink(8, 8));
            Assert.Contains("outside", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CopyRect_source_outside_the_framebuffer_is_rejected() =>
        Throws(new CopyRectDecoder(), new(0, 0, 4, 4, 1), new Wire().U16(6).U16(0).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Rre_subrectangle_outside_its_rectangle_is_rejected() =>
        Throws(new RreDecoder(), new(0, 0, 4, 4, 2), new Wire().U32(1).Px(R).Px(G).U16(3).U16(0).U16(2).U16(1).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Hextile_subrectangle_outside_its_tile_is_rejected() =>
        Throws(new HextileDecoder(), new(0, 0, 4, 4, 5), new Wire().U8(2 | 8).Px(R).U8(1, 0x30, 0x10).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Zlib_bomb_is_stopped_at_the_rectangle_size()
    {
        var bomb = Deflate(new byte[4 * 1024 * 1024]);
        var e = Throws(new ZlibDecoder(), new(0, 0, 8, 8, 6), new Wire().U32((uint)bomb.Length).Bytes(bomb).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
        Assert.Contains("longer than the rectangle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zrle_bomb_is_stopped_at_the_decompression_cap()
    {
        var bomb = Deflate(new byte[16 * 1024 * 1024]);
        var context = new DecoderContext(PixelFormat.Bgrx32) { MaxDecompressedBytes = 100_000 };
        var e = Throws(new ZrleDecoder(), new(0, 0, 64, 64, 16), new Wire().U32((uint)bomb.Length).Bytes(bomb).ToArray(), context, new SurfaceSink(64, 64));
        Assert.Contains("inflates past", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tight_bomb_is_stopped_at_the_rectangle_size()
    {
        var bomb = Deflate(new byte[4 * 1024 * 1024]);
        Throws(new TightDecoder(), new(0, 0, 8, 8, 7), new Wire().U8(0).Compact(bomb.Length).Bytes(bomb).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
    }

    [Fact]
    public void Compressed_lengths_past_the_cap_are_rejected_before_waiting()
    {
        var context = new DecoderContext(PixelFormat.Bgrx32) { MaxCompressedBytes = 1000 };
        Throws(new ZlibDecoder(), new(0, 0, 8, 8, 6), new Wire().U32(1001).ToArray(), context, new SurfaceSink(8, 8));
        Throws(new ZrleDecoder(), new(0, 0, 8, 8, 16), new Wire().U32(uint.MaxValue).ToArray(), context, new SurfaceSink(8, 8));
        Throws(new TightDecoder(), new(0, 0, 8, 8, 7), new Wire().U8(0).Compact(1001).ToArray(), context, new SurfaceSink(8, 8));
        Throws(new TightDecoder(), new(0, 0, 8, 8, 7), new Wire().U8(0x90).Compact(4_000_000).ToArray(), context, new SurfaceSink(8, 8));
    }

    [Fact]
    public void Rectangles_larger_than_the_decompression_cap_are_rejected()
    {
        var context = new DecoderContext(PixelFormat.Bgrx32) { MaxDecompressedBytes = 1000 };
        Throws(new ZlibDecoder(), new(0, 0, 64, 64, 6), new Wire().U32(10).ToArray(), context, new SurfaceSink(64, 64));
        Throws(new TightDecoder(), new(0, 0, 64, 64, 7), new Wire().U8(0).ToArray(), context, new SurfaceSink(64, 64));
    }

    [Fact]
    public void Corrupt_zlib_data_is_a_protocol_error()
    {
        byte[] junk = [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x02];
        Throws(new ZlibDecoder(), new(0, 0, 4, 4, 6), new Wire().U32((uint)junk.Length).Bytes(junk).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
        Throws(new ZrleDecoder(), new(0, 0, 4, 4, 16), new Wire().U32((uint)junk.Length).Bytes(junk).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(127)]
    [InlineData(129)]
    public void Zrle_undefined_subencodings_are_rejected(int subencoding) =>
        Throws(new ZrleDecoder(), new(0, 0, 4, 4, 16), Zrle(new Wire().U8(subencoding).CPx(R, G, B)), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Zrle_run_past_its_tile_is_rejected() =>
        Throws(new ZrleDecoder(), new(0, 0, 2, 2, 16), Zrle(new Wire().U8(128).CPx(R).U8(4)), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Zrle_palette_index_past_the_palette_is_rejected()
    {
        Throws(new ZrleDecoder(), new(0, 0, 2, 1, 16), Zrle(new Wire().U8(3).CPx(R, G, B).U8(0xC0)), Harness.Context(), new SurfaceSink(8, 8));
        Throws(new ZrleDecoder(), new(0, 0, 2, 1, 16), Zrle(new Wire().U8(130).CPx(R, G).U8(5, 0)), Harness.Context(), new SurfaceSink(8, 8));
    }

    [Fact]
    public void Zrle_data_ending_inside_a_tile_is_rejected() =>
        Throws(new ZrleDecoder(), new(0, 0, 4, 4, 16), Zrle(new Wire().U8(0).CPx(R, G)), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Trle_palette_reuse_before_any_palette_is_rejected()
    {
        Throws(new TrleDecoder(), new(0, 0, 4, 4, 15), new Wire().U8(127).U8(0).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
        Throws(new TrleDecoder(), new(0, 0, 4, 4, 15), new Wire().U8(129).U8(0).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
        Throws(new TrleDecoder(), new(0, 0, 4, 4, 15), new Wire().U8(17).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(255)]
    public void Tight_undefined_filter_is_rejected(int filter) =>
        Throws(new TightDecoder(), new(0, 0, 4, 4, 7), new Wire().U8(0x40, filter).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Theory]
    [InlineData(0xA0)]
    [InlineData(0xF0)]
    public void Tight_undefined_compression_control_is_rejected(int control) =>
        Throws(new TightDecoder(), new(0, 0, 4, 4, 7), new Wire().U8(control).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Tight_palette_index_past_the_palette_is_rejected() =>
        Throws(new TightDecoder(), new(0, 0, 2, 1, 7), new Wire().U8(0x40, 1, 2).TPx(R, G, B).U8(0, 3).ToArray(), Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Tight_gradient_on_a_colour_map_is_rejected() =>
        Throws(new TightDecoder(), new(0, 0, 2, 1, 7), new Wire().U8(0x40, 2).U8(0, 0).ToArray(), Harness.Context(GoldenCases.ColourMap8), new SurfaceSink(8, 8));

    [Fact]
    public void Tight_jpeg_that_is_not_an_image_or_the_wrong_size_is_rejected()
    {
        Throws(new TightDecoder(), new(0, 0, 4, 4, 7), new Wire().U8(0x90).Compact(5).U8(1, 2, 3, 4, 5).ToArray(), Harness.Context(), new SurfaceSink(8, 8));
        var jpeg = GoldenCases.Get("tight-jpeg").Rects[0].Payload;
        var e = Throws(new TightDecoder(), new(0, 0, 8, 8, 7), jpeg, Harness.Context(), new SurfaceSink(16, 16));
        Assert.Contains("16x8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tight_truncated_jpeg_waits_for_more()
    {
        var payload = GoldenCases.Get("tight-jpeg").Rects[0].Payload;
        var (status, consumed) = Harness.Partial(new TightDecoder(), new(0, 0, 16, 8, 7), payload[..^1], Harness.Context(), new SurfaceSink(16, 8));
        Assert.Equal(DecodeStatus.NeedMoreData, status);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Raw_truncated_takes_whole_rows_and_waits()
    {
        var sink = new SurfaceSink(2, 2);
        var (status, consumed) = Harness.Partial(new RawDecoder(), new(0, 0, 2, 2, 0), new Wire().Px(R, G, B).ToArray(), Harness.Context(), sink);
        Assert.Equal(DecodeStatus.NeedMoreData, status);
        Assert.Equal(8, consumed);
        Assert.Equal(R | 0xFF000000, sink.Surface.GetPixel(0, 0).ToUInt32());
    }

    [Theory]
    [InlineData(EncodingType.Cursor)]
    [InlineData(EncodingType.XCursor)]
    public void Cursor_sizes_past_the_limit_are_rejected(int encoding)
    {
        IRectangleDecoder decoder = encoding == EncodingType.Cursor ? new CursorDecoder() : new XCursorDecoder();
        var e = Throws(decoder, new(0, 0, 65535, 65535, encoding), new byte[16], Harness.Context(), new SurfaceSink(8, 8));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
        Throws(decoder, new(0, 0, 513, 1, encoding), new byte[16], Harness.Context(), new SurfaceSink(8, 8));
    }

    [Fact]
    public void Cursor_hotspot_outside_its_image_is_rejected() =>
        Throws(new CursorDecoder(), new(4, 0, 2, 2, EncodingType.Cursor), new byte[64], Harness.Context(), new SurfaceSink(8, 8));

    [Fact]
    public void Invalid_pixel_format_is_a_protocol_error()
    {
        var context = new DecoderContext(new PixelFormat(24, 24, false, true, 255, 255, 255, 16, 8, 0));
        Throws(new RawDecoder(), new(0, 0, 1, 1, 0), new byte[3], context, new SurfaceSink(8, 8));
        Assert.Throws<RfbProtocolException>(() => new DecoderContext(new PixelFormat(32, 24, false, true, 254, 255, 255, 16, 8, 0)).Converter);
    }

    private static RfbProtocolException Throws(IRectangleDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, SurfaceSink sink)
    {
        var e = Assert.Throws<RfbProtocolException>(() => Harness.Partial(decoder, header, payload, context, sink));
        Assert.False(char.IsUpper(e.Message[0]), e.Message);
        Assert.False(e.Message.EndsWith('.'), e.Message);
        return e;
    }

    private static byte[] Zrle(Wire tiles)
    {
        var data = Deflate(tiles.ToArray());
        return new Wire().U32((uint)data.Length).Bytes(data).ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var z = new ZlibWriter(CompressionLevel.SmallestSize);
        return z.Chunk(data);
    }
}
