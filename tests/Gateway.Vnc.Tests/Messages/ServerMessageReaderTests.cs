using System.Buffers;
using System.IO.Compression;
using System.Text;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Rfb;
using Gateway.Vnc.Tests.Support;

namespace Gateway.Vnc.Tests.Messages;

public sealed class ServerMessageReaderTests
{
    private static ServerMessageReader NewReader(int maxCut = ServerMessageReader.DefaultMaxCutTextBytes) =>
        new(new DecoderContext(PixelFormat.Bgrx32), [new RawDecoder()]) { MaxCutTextBytes = maxCut };

    /// <summary>Feeds <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes, as a driver would.</summary>
    private static RecordingHandler Feed(byte[] data, int chunk, int width = 4, int height = 4, ServerMessageReader? reader = null)
    {
        reader ??= NewReader();
        var handler = new RecordingHandler(new MemorySink(width, height));
        byte[] pending = [];
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            pending = [.. pending, .. data.AsSpan(offset, Math.Min(chunk, data.Length - offset))];
            var buffer = new ReadOnlySequence<byte>(pending);
            while (reader.Read(ref buffer, handler))
            {
            }

            pending = buffer.ToArray();
        }

        Assert.Empty(pending);
        return handler;
    }

    private static byte[] RawUpdate() => new Bytes()
        .U8(0).U8(0).U16(2)
        .Rect(1, 1, 2, 1, EncodingType.Raw).Raw(0x11, 0x22, 0x33, 0x00, 0x44, 0x55, 0x66, 0x00)
        .Rect(0, 3, 1, 1, EncodingType.Raw).Raw(0x01, 0x02, 0x03, 0x00)
        .ToArray();

    [Fact]
    public void FramebufferUpdateDrawsRawRectanglesAndEndsOnce()
    {
        var h = Feed(RawUpdate(), int.MaxValue);
        Assert.Equal(["end"], h.Events);
        Assert.Equal(0xFF332211u, h.Sink.Get(1, 1));
        Assert.Equal(0xFF665544u, h.Sink.Get(2, 1));
        Assert.Equal(0xFF030201u, h.Sink.Get(0, 3));
    }

    [Fact]
    public void EverySplitGivesTheSameResult()
    {
        byte[] data = [.. RawUpdate(), .. new Bytes().U8(2).U8(3).Raw(0, 0, 0).U32(5).Raw("hello"u8.ToArray()).ToArray()];
        var whole = Feed(data, int.MaxValue);
        for (int chunk = 1; chunk < data.Length; chunk++)
        {
            var split = Feed(data, chunk);
            Assert.Equal(whole.Events, split.Events);
            Assert.Equal(whole.Sink.Pixels, split.Sink.Pixels);
        }

        Assert.Equal(["end", "bell", "cut hello"], whole.Events);
    }

    [Fact]
    public void TwoSegmentSplitsAreReadAlike()
    {
        byte[] data = RawUpdate();
        for (int at = 1; at < data.Length; at++)
        {
            var reader = NewReader();
            var handler = new RecordingHandler(new MemorySink(4, 4));
            var buffer = Bytes.Split(data, at);
            Assert.True(reader.Read(ref buffer, handler));
            Assert.True(buffer.IsEmpty);
            Assert.Equal(0xFF030201u, handler.Sink.Get(0, 3));
        }
    }

    [Fact]
    public void IncompleteHeaderConsumesNothing()
    {
        var reader = NewReader();
        var handler = new RecordingHandler(new MemorySink(4, 4));
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0 });
        Assert.False(reader.Read(ref buffer, handler));
        Assert.Equal(3, buffer.Length);
        buffer = new ReadOnlySequence<byte>(new byte[] { 3, 0, 0, 0, 0, 0, 0, 9, (byte)'a' });
        Assert.False(reader.Read(ref buffer, handler));
        Assert.Equal(9, buffer.Length);
    }

    [Fact]
    public void RectangleOutsideTheFramebufferIsAnError()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(1).Rect(3, 0, 2, 1, EncodingType.Raw).Raw(new byte[8]).ToArray();
        var e = Assert.Throws<RfbProtocolException>(() => Feed(data, int.MaxValue));
        Assert.Contains("outside the 4x4 framebuffer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeRectangleIsRejectedBeforeItsPayload()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(1).Rect(65535, 65535, 65535, 65535, EncodingType.Raw).ToArray();
        var reader = NewReader();
        var handler = new RecordingHandler(new MemorySink(4, 4));
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.Throws<RfbProtocolException>(() => reader.Read(ref buffer, handler));
    }

    [Fact]
    public void UnrequestedEncodingIsAnError()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, 1, 1, EncodingType.Tight).ToArray();
        var e = Assert.Throws<RfbProtocolException>(() => Feed(data, int.MaxValue));
        Assert.Equal("rectangle encoding 7 was not requested", e.Message);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(99)]
    [InlineData(254)]
    public void UnknownMessageTypeIsAnError(int type)
    {
        var e = Assert.Throws<RfbProtocolException>(() => Feed([(byte)type, 0, 0, 0], int.MaxValue));
        Assert.Equal($"unknown server message type {type}", e.Message);
    }

    [Fact]
    public void LastRectEndsAnOpenEndedUpdate()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(0xFFFF)
            .Rect(0, 0, 1, 1, EncodingType.Raw).Raw(9, 9, 9, 0)
            .Rect(0, 0, 0, 0, EncodingType.LastRect)
            .U8(2).ToArray();
        var h = Feed(data, 1);
        Assert.Equal(["end", "bell"], h.Events);
    }

    [Fact]
    public void PseudoEncodingsAreReported()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(5)
            .Rect(0, 0, 8, 6, EncodingType.DesktopSize)
            .Rect(0, 0, 0, 0, EncodingType.DesktopName).U32(4).Raw("desk"u8.ToArray())
            .Rect(0, 0, 0, 0, EncodingType.QemuExtendedKeyEvent)
            .Rect(1, 0, 10, 7, EncodingType.ExtendedDesktopSize).U8(1).Raw(0, 0, 0).U32(7).U16(0).U16(0).U16(10).U16(7).U32(0)
            .Rect(7, 6, 1, 1, EncodingType.Raw).Raw(1, 2, 3, 0)
            .ToArray();
        var h = Feed(data, 3);
        Assert.Equal(["size 8x6", "name desk", "pseudo -258", "xsize 1 0 10x7 screens=1", "end"], h.Events);
        Assert.Equal(10, h.Sink.Width);
        Assert.Equal(0xFF030201u, h.Sink.Get(7, 6));
    }

    [Fact]
    public void ZeroDesktopSizeIsAnError()
    {
        byte[] data = new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, 0, 5, EncodingType.DesktopSize).ToArray();
        Assert.Throws<RfbProtocolException>(() => Feed(data, int.MaxValue));
    }

    [Fact]
    public void ColourMapEntriesAreStoredAsBgra()
    {
        var reader = NewReader();
        byte[] data = new Bytes().U8(1).U8(0).U16(10).U16(1).U16(0xFF00).U16(0x8000).U16(0x0100).ToArray();
        Feed(data, 2, reader: reader);
        Assert.Equal(0xFFFF8001u, reader.Context.ColourMap[10]);
    }

    [Fact]
    public void ColourMapPastItsBoundsIsAnError()
    {
        byte[] data = new Bytes().U8(1).U8(0).U16(100).U16(65535).ToArray();
        var e = Assert.Throws<RfbProtocolException>(() => Feed(data, int.MaxValue));
        Assert.Contains("colour map", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongCutTextIsCutAndTheRestSkipped()
    {
        byte[] data = new Bytes().U8(3).Raw(0, 0, 0).U32(10).Raw("abcdefghij"u8.ToArray()).U8(2).ToArray();
        var h = Feed(data, 1, reader: NewReader(maxCut: 4));
        Assert.Equal(["cut abcd (truncated)", "bell"], h.Events);
    }

    [Fact]
    public void ExtendedClipboardCapsAndProvideAreRead()
    {
        byte[] caps = new Bytes().U8(3).Raw(0, 0, 0).S32(-12)
            .U32(ExtendedClipboardFlags.Caps | ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text | ExtendedClipboardFlags.Html)
            .U32(1000).U32(2000).ToArray();
        byte[] text = "héllo\r\n\0"u8.ToArray();
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(new Bytes().U32((uint)text.Length).Raw(text).ToArray());
        }

        byte[] body = compressed.ToArray();
        byte[] provide = new Bytes().U8(3).Raw(0, 0, 0).S32(-(4 + body.Length))
            .U32(ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text).Raw(body).ToArray();
        var h = Feed([.. caps, .. provide], 5);
        Assert.Equal(2, h.Events.Count);
        Assert.Equal("xclip 11000005 sizes=1000,2000 text=-", h.Events[0]);
        Assert.Equal("xclip 10000001 sizes= text=héllo\r\n", h.Events[1]);
    }

    [Fact]
    public void ExtendedClipboardBombIsStopped()
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(new Bytes().U32(64 * 1024 * 1024).ToArray());
            z.Write(new byte[8 * 1024 * 1024]);
        }

        byte[] body = compressed.ToArray();
        byte[] provide = new Bytes().U8(3).Raw(0, 0, 0).S32(-(4 + body.Length))
            .U32(ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text).Raw(body).ToArray();
        var e = Assert.Throws<RfbProtocolException>(() => Feed(provide, int.MaxValue));
        Assert.Contains("inflates past", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedClipboardLengthIsBounded()
    {
        byte[] data = new Bytes().U8(3).Raw(0, 0, 0).S32(int.MinValue).ToArray();
        Assert.Throws<RfbProtocolException>(() => Feed(data, int.MaxValue));
    }

    [Fact]
    public void FenceContinuousUpdatesAndAudioAreRead()
    {
        byte[] data = new Bytes()
            .U8(248).Raw(0, 0, 0).U32(0x80000002).U8(2).Raw(0xAB, 0xCD)
            .U8(150)
            .U8(255).U8(1).U16(1)
            .U8(255).U8(1).U16(2).U32(3).Raw(1, 2, 3)
            .U8(255).U8(1).U16(0)
            .ToArray();
        var h = Feed(data, 2);
        Assert.Equal(["fence 80000002 ABCD", "eocu", "audio Begin ", "audio Data 010203", "audio End "], h.Events);
    }

    [Fact]
    public void OversizedFenceAndAudioAreErrors()
    {
        Assert.Throws<RfbProtocolException>(() => Feed(new Bytes().U8(248).Raw(0, 0, 0).U32(0).U8(65).Raw(new byte[65]).ToArray(), int.MaxValue));
        Assert.Throws<RfbProtocolException>(() => Feed(new Bytes().U8(255).U8(1).U16(2).U32(uint.MaxValue).ToArray(), int.MaxValue));
        Assert.Throws<RfbProtocolException>(() => Feed(new Bytes().U8(255).U8(9).U16(0).ToArray(), int.MaxValue));
    }
}
