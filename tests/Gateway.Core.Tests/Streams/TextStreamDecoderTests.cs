using System.Text;
using Gateway.Core.Streams;

namespace Gateway.Core.Tests.Streams;

public sealed class TextStreamDecoderTests
{
    [Fact]
    public void Plain_utf8_decodes()
    {
        Assert.True(TextStreamDecoder.TryDecode(Encoding.UTF8.GetBytes("héllo 😀"), out var text));
        Assert.Equal("héllo 😀", text);
    }

    [Fact]
    public void Cesu8_surrogate_pairs_from_guacamole_common_js_1_5_0_decode()
    {
        // 😀 as guacamole-common-js 1.5.0's StringWriter sends it: each UTF-16 unit as 3 bytes.
        byte[] cesu = [0x68, 0x69, 0x20, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80];
        Assert.True(TextStreamDecoder.TryDecode(cesu, out var text));
        Assert.Equal("hi 😀", text);
        Assert.Equal(Encoding.UTF8.GetBytes("hi 😀"), TextStreamDecoder.NormalizeToUtf8(cesu));
    }

    [Theory]
    [InlineData(new byte[] { 0xED, 0xA0, 0xBD })] // lone high surrogate
    [InlineData(new byte[] { 0xED, 0xB8, 0x80 })] // lone low surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xE2, 0x82 })] // truncated
    public void Invalid_bytes_are_refused(byte[] bytes)
    {
        Assert.False(TextStreamDecoder.TryDecode(bytes, out _));
        Assert.Null(TextStreamDecoder.NormalizeToUtf8(bytes));
    }
}
