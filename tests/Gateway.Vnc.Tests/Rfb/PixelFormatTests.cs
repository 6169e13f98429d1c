using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Rfb;

public sealed class PixelFormatTests
{
    // RFC 6143 7.4: 32 bpp, depth 24, little-endian, true colour, maxes 255, shifts 16/8/0, padding.
    private static readonly byte[] Bgrx32Bytes = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0];

    [Fact]
    public void ReadsAndWritesTheGoldenVector()
    {
        var format = PixelFormat.Read(Bgrx32Bytes);
        Assert.Equal(PixelFormat.Bgrx32, format);
        var written = new byte[PixelFormat.Size];
        format.Write(written);
        Assert.Equal(Bgrx32Bytes, written);
    }

    [Fact]
    public void KnownFormatsAreValid()
    {
        Assert.True(PixelFormat.Bgrx32.IsValid);
        Assert.True(PixelFormat.Rgb565.IsValid);
        Assert.True(PixelFormat.Bgr233.IsValid);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(0)]
    [InlineData(12)]
    public void OddBitsPerPixelIsInvalid(byte bpp) => Assert.False((PixelFormat.Bgrx32 with { BitsPerPixel = bpp }).IsValid);

    [Fact]
    public void ComponentOutsideThePixelIsInvalid()
    {
        Assert.False((PixelFormat.Rgb565 with { RedShift = 12 }).IsValid);
        Assert.False((PixelFormat.Bgrx32 with { RedMax = 254 }).IsValid);
        Assert.False((PixelFormat.Bgrx32 with { GreenMax = 0 }).IsValid);
    }
}
