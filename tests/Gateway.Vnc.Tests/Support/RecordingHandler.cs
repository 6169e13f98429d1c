using System.Text;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Messages;

namespace Gateway.Vnc.Tests.Support;

/// <summary>Records every callback of the server message reader as a readable line.</summary>
public sealed class RecordingHandler(MemorySink sink) : IServerMessageHandler
{
    public List<string> Events { get; } = [];

    public MemorySink Sink => sink;

    public IFramebufferSink Framebuffer => sink;

    public void OnFramebufferUpdateEnd() => Events.Add("end");

    public void OnDesktopSize(int width, int height)
    {
        Events.Add($"size {width}x{height}");
        sink.Resize(width, height);
    }

    public void OnExtendedDesktopSize(ExtendedDesktopSize size)
    {
        Events.Add($"xsize {size.Reason} {size.Status} {size.Width}x{size.Height} screens={size.Screens.Count}");
        if (size.Status == 0)
        {
            sink.Resize(size.Width, size.Height);
        }
    }

    public void OnDesktopName(string name) => Events.Add("name " + name);

    public void OnPseudoEncoding(in RectangleHeader header) => Events.Add("pseudo " + header.Encoding);

    public void OnBell() => Events.Add("bell");

    public void OnServerCutText(ReadOnlySpan<byte> text, bool truncated) => Events.Add($"cut {Encoding.Latin1.GetString(text)}{(truncated ? " (truncated)" : string.Empty)}");

    public void OnExtendedClipboard(ExtendedClipboardMessage message) =>
        Events.Add($"xclip {message.Flags:x8} sizes={string.Join(",", message.FormatSizes)} text={message.Text ?? "-"}");

    public void OnEndOfContinuousUpdates() => Events.Add("eocu");

    public void OnServerFence(uint flags, ReadOnlySpan<byte> payload) => Events.Add($"fence {flags:x8} {Convert.ToHexString(payload)}");

    public void OnQemuAudio(QemuAudioOperation operation, ReadOnlySpan<byte> data) => Events.Add($"audio {operation} {Convert.ToHexString(data)}");
}
