using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Encodings;

public sealed class PixelConverterTests
{
    private readonly uint[] _map = new uint[65536];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bgrx32_fast_path_matches_the_general_conversion(bool swap)
    {
        var fast = new PixelConverter(PixelFormat.Bgrx32, swap, _map);
        var wire = new byte[4 * 37];
        new Random(7).NextBytes(wire);
        var converted = new uint[37];
        fast.ConvertRow(wire, converted);
        for (int i = 0; i < converted.Length; i++)
        {
            uint value = BitConverter.ToUInt32(wire, i * 4);
            Assert.Equal(fast.ToBgra(value), converted[i]);
            Assert.Equal(0xFF000000u, converted[i] & 0xFF000000u);
        }
    }

    [Fact]
    public void Components_scale_to_eight_bits_with_rounding()
    {
        var c = new PixelConverter(PixelFormat.Rgb565, false, _map);
        Assert.Equal(0xFF000000u | (132u << 16), c.ToBgra(16u << 11)); // 16/31 → 131.6
        Assert.Equal(0xFF000000u | (130u << 8), c.ToBgra(32u << 5)); // 32/63 → 129.5
        Assert.Equal(0xFFFFFFFFu, c.ToBgra(0xFFFF));
    }

    [Fact]
    public void Compact_pixels_follow_where_the_colour_bits_are()
    {
        Assert.Equal(3, new PixelConverter(PixelFormat.Bgrx32, false, _map).CompactBytesPerPixel);
        var high = new PixelConverter(new PixelFormat(32, 24, false, true, 255, 255, 255, 24, 16, 8), false, _map);
        Assert.Equal(3, high.CompactBytesPerPixel);
        Assert.Equal(0xFFFF0000u, high.ReadCompactBgra([0, 0, 0xFF])); // bytes 1..3 of the pixel; red is the top byte
        var bigLow = new PixelConverter(new PixelFormat(32, 24, true, true, 255, 255, 255, 16, 8, 0), false, _map);
        Assert.Equal(0xFFFF0000u, bigLow.ReadCompactBgra([0xFF, 0, 0]));
        var spread = new PixelConverter(new PixelFormat(32, 24, false, true, 255, 255, 255, 24, 8, 0), false, _map);
        Assert.Equal(4, spread.CompactBytesPerPixel);
        Assert.Equal(2, new PixelConverter(PixelFormat.Rgb565, false, _map).CompactBytesPerPixel);
    }

    [Fact]
    public void Tight_pixels_are_rgb_bytes_only_for_depth_24()
    {
        var c = new PixelConverter(new PixelFormat(32, 24, true, true, 255, 255, 255, 0, 8, 16), false, _map);
        Assert.True(c.IsTight888);
        Assert.Equal(0xFF112233u, c.ReadTightBgra([0x11, 0x22, 0x33]));
        Assert.Equal(2, new PixelConverter(PixelFormat.Rgb565, false, _map).TightBytesPerPixel);
    }

    [Fact]
    public void Colour_maps_are_read_live_and_swapped()
    {
        var format = new PixelFormat(16, 16, true, false, 0, 0, 0, 0, 0, 0);
        var c = new PixelConverter(format, true, _map);
        _map[0x1234] = 0x00AABBCC;
        var row = new uint[1];
        c.ConvertRow([0x12, 0x34], row);
        Assert.Equal(0xFFCCBBAAu, row[0]);
    }
}
