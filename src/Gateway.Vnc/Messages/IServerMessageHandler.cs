using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Messages;

/// <summary>
/// What <see cref="ServerMessageReader"/> tells the driver. Calls happen on the reader's thread, in wire order;
/// spans are valid for the call only.
/// </summary>
public interface IServerMessageHandler
{
    /// <summary>Where rectangles are drawn; its size bounds every rectangle of real encodings.</summary>
    IFramebufferSink Framebuffer { get; }

    /// <summary>A FramebufferUpdate ended (all rectangles, or LastRect): end the display frame now.</summary>
    void OnFramebufferUpdateEnd();

    /// <summary>DesktopSize pseudo-encoding: the framebuffer is now this size; resize <see cref="Framebuffer"/> before returning.</summary>
    void OnDesktopSize(int width, int height);

    /// <summary>ExtendedDesktopSize pseudo-encoding; on success the framebuffer takes its size before returning.</summary>
    void OnExtendedDesktopSize(ExtendedDesktopSize size);

    /// <summary>DesktopName pseudo-encoding.</summary>
    void OnDesktopName(string name);

    /// <summary>
    /// A pseudo-encoding rectangle that only announces support (QEMU extended key event, QEMU audio, QEMU pointer
    /// motion change); <paramref name="header"/> carries its fields.
    /// </summary>
    void OnPseudoEncoding(in RectangleHeader header);

    /// <summary>RFC 6143 7.6.3 Bell.</summary>
    void OnBell();

    /// <summary>RFC 6143 7.6.4 ServerCutText: Latin-1 bytes (at most the configured cap; <paramref name="truncated"/> when cut).</summary>
    void OnServerCutText(ReadOnlySpan<byte> text, bool truncated);

    /// <summary>An Extended Clipboard message (ServerCutText with a negative length).</summary>
    void OnExtendedClipboard(ExtendedClipboardMessage message);

    /// <summary>EndOfContinuousUpdates: the server supports (or stopped) continuous updates.</summary>
    void OnEndOfContinuousUpdates();

    /// <summary>ServerFence: flags and up to 64 bytes of payload.</summary>
    void OnServerFence(uint flags, ReadOnlySpan<byte> payload);

    /// <summary>QEMU audio server message; <paramref name="data"/> holds samples for <see cref="QemuAudioOperation.Data"/>.</summary>
    void OnQemuAudio(QemuAudioOperation operation, ReadOnlySpan<byte> data);
}
