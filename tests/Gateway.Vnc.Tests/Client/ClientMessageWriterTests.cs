using System.Buffers;
using System.IO.Compression;
using Gateway.Vnc.Client;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Client;

public sealed class ClientMessageWriterTests
{
    private static string Hex(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Convert.ToHexString(buffer.WrittenSpan);
    }

    [Fact]
    public void SetPixelFormatGolden() =>
        Assert.Equal("00000000" + "20180001" + "00FF00FF00FF" + "100800" + "000000", Hex(w => ClientMessageWriter.SetPixelFormat(w, PixelFormat.Bgrx32)));

    [Fact]
    public void SetEncodingsGolden() =>
        Assert.Equal("02000003" + "00000007" + "00000000" + "FFFFFF21", Hex(w => ClientMessageWriter.SetEncodings(w, [EncodingType.Tight, EncodingType.Raw, EncodingType.DesktopSize])));

    [Fact]
    public void FramebufferUpdateRequestGolden() =>
        Assert.Equal("0301" + "0001" + "0002" + "0500" + "0320", Hex(w => ClientMessageWriter.FramebufferUpdateRequest(w, true, 1, 2, 1280, 800)));

    [Fact]
    public void SetServerInputGolden()
    {
        Assert.Equal("09010000", Hex(w => ClientMessageWriter.SetServerInput(w, disabled: true)));
        Assert.Equal("09000000", Hex(w => ClientMessageWriter.SetServerInput(w, disabled: false)));
    }

    [Fact]
    public void KeyEventGolden() =>
        Assert.Equal("04010000" + "0000FF0D", Hex(w => ClientMessageWriter.KeyEvent(w, true, 0xFF0D)));

    [Fact]
    public void PointerEventGolden() =>
        Assert.Equal("0518" + "000A" + "0014", Hex(w => ClientMessageWriter.PointerEvent(w, 0x18, 10, 20)));

    [Fact]
    public void ClientCutTextGolden() =>
        Assert.Equal("06000000" + "00000002" + "4869", Hex(w => ClientMessageWriter.ClientCutText(w, "Hi"u8)));

    [Fact]
    public void ExtendedClipboardCapsGolden() =>
        Assert.Equal("06000000" + "FFFFFFF8" + "1B000001" + "00040000", Hex(w => ClientMessageWriter.ExtendedClipboardCaps(w, ExtendedClipboardFlags.Request | ExtendedClipboardFlags.Notify | ExtendedClipboardFlags.Provide, 256 * 1024)));

    [Fact]
    public void ExtendedClipboardProvideRoundTrips()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ClientMessageWriter.ExtendedClipboardProvideText(buffer, "añb"u8);
        var bytes = buffer.WrittenSpan.ToArray();
        int length = -System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        Assert.Equal(bytes.Length - 8, length);
        Assert.Equal("10000001", Convert.ToHexString(bytes.AsSpan(8, 4)));
        using var z = new ZLibStream(new MemoryStream(bytes, 12, bytes.Length - 12), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        z.CopyTo(plain);
        Assert.Equal("00000005" + "61C3B162" + "00", Convert.ToHexString(plain.ToArray()));
    }

    [Fact]
    public void EnableContinuousUpdatesGolden() =>
        Assert.Equal("9601" + "0000" + "0000" + "0010" + "0008", Hex(w => ClientMessageWriter.EnableContinuousUpdates(w, true, 0, 0, 16, 8)));

    [Fact]
    public void ClientFenceGolden() =>
        Assert.Equal("F8000000" + "00000003" + "01" + "AA", Hex(w => ClientMessageWriter.ClientFence(w, 3, [0xAA])));

    [Fact]
    public void SetDesktopSizeGolden() =>
        Assert.Equal("FB00" + "0400" + "0300" + "0100" + "00000001" + "0000" + "0000" + "0400" + "0300" + "00000000",
            Hex(w => ClientMessageWriter.SetDesktopSize(w, 1024, 768, [new ScreenLayout(1, 0, 0, 1024, 768, 0)])));

    [Fact]
    public void QemuMessagesGolden()
    {
        Assert.Equal("FF00" + "0001" + "00000061" + "0000001E", Hex(w => ClientMessageWriter.QemuExtendedKeyEvent(w, true, 'a', 0x1E)));
        Assert.Equal("FF01" + "0000", Hex(w => ClientMessageWriter.QemuAudioEnable(w, true)));
        Assert.Equal("FF01" + "0002" + "03" + "02" + "0000AC44", Hex(w => ClientMessageWriter.QemuAudioSetFormat(w, 3, 2, 44100)));
    }
}
