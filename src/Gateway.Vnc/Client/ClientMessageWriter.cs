using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Client;

/// <summary>
/// Encoders of client-to-server messages (RFC 6143 7.5 and the community extensions). Each method appends one whole
/// message to the writer; nothing here does I/O.
/// </summary>
public static class ClientMessageWriter
{
    /// <summary>Largest SetEncodings list (the count is a U16).</summary>
    public const int MaxEncodings = ushort.MaxValue;

    /// <summary>RFC 6143 7.5.1 SetPixelFormat: type, 3 padding bytes, PIXEL_FORMAT.</summary>
    public static void SetPixelFormat(IBufferWriter<byte> output, PixelFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(20)[..20];
        span[..4].Clear();
        span[0] = ClientMessageType.SetPixelFormat;
        format.Write(span[4..]);
        output.Advance(20);
    }

    /// <summary>RFC 6143 7.5.2 SetEncodings: type, padding, U16 count, S32 per encoding in preference order.</summary>
    public static void SetEncodings(IBufferWriter<byte> output, ReadOnlySpan<int> encodings)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (encodings.Length > MaxEncodings)
        {
            throw new ArgumentException("too many encodings", nameof(encodings));
        }

        int size = 4 + (4 * encodings.Length);
        var span = output.GetSpan(size)[..size];
        span[0] = ClientMessageType.SetEncodings;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)encodings.Length);
        for (int i = 0; i < encodings.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[(4 + (4 * i))..], encodings[i]);
        }

        output.Advance(size);
    }

    /// <summary>
    /// UltraVNC SetServerInput: type 9, U8 status (1 = the server ignores its local keyboard and mouse, 0 = accepts
    /// them again), U16 padding. Servers that do not know it (TigerVNC among them) close the connection.
    /// </summary>
    public static void SetServerInput(IBufferWriter<byte> output, bool disabled)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(4)[..4];
        span[0] = ClientMessageType.SetServerInput;
        span[1] = disabled ? (byte)1 : (byte)0;
        span[2] = 0;
        span[3] = 0;
        output.Advance(4);
    }

    /// <summary>RFC 6143 7.5.3 FramebufferUpdateRequest.</summary>
    public static void FramebufferUpdateRequest(IBufferWriter<byte> output, bool incremental, ushort x, ushort y, ushort width, ushort height)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(10)[..10];
        span[0] = ClientMessageType.FramebufferUpdateRequest;
        span[1] = incremental ? (byte)1 : (byte)0;
        WriteRect(span[2..], x, y, width, height);
        output.Advance(10);
    }

    /// <summary>RFC 6143 7.5.4 KeyEvent: type, down flag, 2 padding bytes, U32 keysym.</summary>
    public static void KeyEvent(IBufferWriter<byte> output, bool down, uint keysym)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(8)[..8];
        span[0] = ClientMessageType.KeyEvent;
        span[1] = down ? (byte)1 : (byte)0;
        span[2] = 0;
        span[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], keysym);
        output.Advance(8);
    }

    /// <summary>
    /// RFC 6143 7.5.5 PointerEvent: type, button mask (bit 0 left, 1 middle, 2 right, 3/4 wheel up/down, 5/6 wheel
    /// left/right, 7 back), U16 x, U16 y.
    /// </summary>
    public static void PointerEvent(IBufferWriter<byte> output, byte buttonMask, ushort x, ushort y)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(6)[..6];
        span[0] = ClientMessageType.PointerEvent;
        span[1] = buttonMask;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], x);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], y);
        output.Advance(6);
    }

    /// <summary>RFC 6143 7.5.6 ClientCutText: type, 3 padding bytes, U32 length, the text (Latin-1 by the standard).</summary>
    public static void ClientCutText(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        ArgumentNullException.ThrowIfNull(output);
        int size = 8 + text.Length;
        var span = output.GetSpan(size)[..size];
        span[..4].Clear();
        span[0] = ClientMessageType.ClientCutText;
        BinaryPrimitives.WriteInt32BigEndian(span[4..], text.Length);
        text.CopyTo(span[8..]);
        output.Advance(size);
    }

    /// <summary>Extended Clipboard caps: text only, with our size limit for it.</summary>
    public static void ExtendedClipboardCaps(IBufferWriter<byte> output, uint actions, uint maxTextBytes)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, ExtendedClipboardFlags.Caps | actions | ExtendedClipboardFlags.Text);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], maxTextBytes);
        ExtendedCutText(output, payload);
    }

    /// <summary>Extended Clipboard message with flags only (request, peek, notify).</summary>
    public static void ExtendedClipboardFlagsOnly(IBufferWriter<byte> output, uint flags)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, flags);
        ExtendedCutText(output, payload);
    }

    /// <summary>Extended Clipboard provide of UTF-8 text: a zlib stream of U32 size and the NUL-terminated text.</summary>
    public static void ExtendedClipboardProvideText(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        using var compressed = new MemoryStream();
        compressed.Write([0, 0, 0, 0]);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            Span<byte> size = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(size, checked((uint)utf8.Length + 1));
            zlib.Write(size);
            zlib.Write(utf8);
            zlib.WriteByte(0);
        }

        byte[] payload = compressed.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(payload, ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text);
        ExtendedCutText(output, payload);
    }

    /// <summary>Community rfbproto EnableContinuousUpdates.</summary>
    public static void EnableContinuousUpdates(IBufferWriter<byte> output, bool enable, ushort x, ushort y, ushort width, ushort height)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(10)[..10];
        span[0] = ClientMessageType.EnableContinuousUpdates;
        span[1] = enable ? (byte)1 : (byte)0;
        WriteRect(span[2..], x, y, width, height);
        output.Advance(10);
    }

    /// <summary>Community rfbproto ClientFence: type, 3 padding, U32 flags, U8 length, payload (at most 64 bytes).</summary>
    public static void ClientFence(IBufferWriter<byte> output, uint flags, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.Length > 64)
        {
            throw new ArgumentException("a fence payload holds at most 64 bytes", nameof(payload));
        }

        int size = 9 + payload.Length;
        var span = output.GetSpan(size)[..size];
        span[..4].Clear();
        span[0] = ClientMessageType.ClientFence;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], flags);
        span[8] = (byte)payload.Length;
        payload.CopyTo(span[9..]);
        output.Advance(size);
    }

    /// <summary>Community rfbproto SetDesktopSize: type, padding, U16 width, U16 height, U8 screens, padding, screens.</summary>
    public static void SetDesktopSize(IBufferWriter<byte> output, ushort width, ushort height, ReadOnlySpan<ScreenLayout> screens)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (screens.Length is 0 or > 255)
        {
            throw new ArgumentException("between 1 and 255 screens are needed", nameof(screens));
        }

        int size = 8 + (ScreenLayout.Size * screens.Length);
        var span = output.GetSpan(size)[..size];
        span[0] = ClientMessageType.SetDesktopSize;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], width);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], height);
        span[6] = (byte)screens.Length;
        span[7] = 0;
        for (int i = 0; i < screens.Length; i++)
        {
            var s = span[(8 + (ScreenLayout.Size * i))..];
            var screen = screens[i];
            BinaryPrimitives.WriteUInt32BigEndian(s, screen.Id);
            BinaryPrimitives.WriteUInt16BigEndian(s[4..], screen.X);
            BinaryPrimitives.WriteUInt16BigEndian(s[6..], screen.Y);
            BinaryPrimitives.WriteUInt16BigEndian(s[8..], screen.Width);
            BinaryPrimitives.WriteUInt16BigEndian(s[10..], screen.Height);
            BinaryPrimitives.WriteUInt32BigEndian(s[12..], screen.Flags);
        }

        output.Advance(size);
    }

    /// <summary>
    /// Community rfbproto QEMU Extended Key Event: type 255, subtype 0, U16 down, U32 keysym, U32 XT keycode (extended
    /// keys as 0x80 | code).
    /// </summary>
    public static void QemuExtendedKeyEvent(IBufferWriter<byte> output, bool down, uint keysym, uint keycode)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(12)[..12];
        span[0] = ClientMessageType.Qemu;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], down ? (ushort)1 : (ushort)0);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], keysym);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], keycode);
        output.Advance(12);
    }

    /// <summary>Community rfbproto QEMU Audio Client Message: enable (0) or disable (1).</summary>
    public static void QemuAudioEnable(IBufferWriter<byte> output, bool enable)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(4)[..4];
        span[0] = ClientMessageType.Qemu;
        span[1] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], enable ? (ushort)0 : (ushort)1);
        output.Advance(4);
    }

    /// <summary>
    /// Community rfbproto QEMU Audio Client Message set-format (2): U8 sample format (0 u8, 1 s8, 2 u16, 3 s16,
    /// 4 u32, 5 s32), U8 channels, U32 frequency.
    /// </summary>
    public static void QemuAudioSetFormat(IBufferWriter<byte> output, byte sampleFormat, byte channels, uint frequency)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(10)[..10];
        span[0] = ClientMessageType.Qemu;
        span[1] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 2);
        span[4] = sampleFormat;
        span[5] = channels;
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], frequency);
        output.Advance(10);
    }

    private static void ExtendedCutText(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        int size = 8 + payload.Length;
        var span = output.GetSpan(size)[..size];
        span[..4].Clear();
        span[0] = ClientMessageType.ClientCutText;
        BinaryPrimitives.WriteInt32BigEndian(span[4..], -payload.Length);
        payload.CopyTo(span[8..]);
        output.Advance(size);
    }

    private static void WriteRect(Span<byte> span, ushort x, ushort y, ushort width, ushort height)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, x);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], y);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], width);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], height);
    }
}
