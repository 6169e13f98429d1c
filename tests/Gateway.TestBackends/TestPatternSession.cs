using System.Buffers;
using System.Globalization;
using Gateway.Core.Backends;
using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Core.Streams;
using Gateway.Display.Surfaces;
using Gateway.Protocol;

namespace Gateway.TestBackends;

/// <summary>
/// The picture: the whole layer 0 in the background colour; four 64×64 squares along the top:
/// red, green, blue, white; and at (0,64) a 64×64 square coloured (keysym &amp; 0xFF, keysym &gt;&gt; 8 &amp; 0xFF, 0x80)
/// for the last key pressed (black before any key). Everything is drawn through a <see cref="SessionDisplay"/>,
/// whose planner turns the solid areas into <c>rect</c>+<c>cfill</c>.
/// </summary>
public sealed class TestPatternSession : BackendSession
{
    /// <summary>
    /// The largest desktop this back end draws, as a real remote desktop has a largest mode. Bigger requests are
    /// clamped, which keeps tests that send hostile sizes from allocating 8192×8192 surfaces per session.
    /// </summary>
    public const int MaxDimension = 2048;

    private static readonly (int X, uint Rgb)[] Squares = [(0, 0xFF0000), (64, 0x00FF00), (128, 0x0000FF), (192, 0xFFFFFF)];
    private readonly TestPatternSettings _settings;
    private readonly uint _background;
    private readonly SessionDisplay _display;
    private readonly TestPatternBackend? _backend;
    private int _lastKey = -1;

    public TestPatternSession(BackendContext context, TestPatternBackend? backend = null)
        : base(context)
    {
        _backend = backend;
        _settings = context.SettingsAs<TestPatternSettings>();
        _background = uint.TryParse(_settings.Color, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var c) ? c : 0x336699;
        int width = _settings.Width > 0 ? _settings.Width : context.Owner.Width;
        int height = _settings.Height > 0 ? _settings.Height : context.Owner.Height;
        _display = new SessionDisplay(Session, Math.Min(width, MaxDimension), Math.Min(height, MaxDimension));
    }

    /// <summary>Keys pressed, in order, for assertions.</summary>
    public List<int> Keys { get; } = [];

    /// <summary>The colour of the key square for a keysym.</summary>
    public static uint KeyColor(int keysym) => ((uint)(keysym & 0xFF) << 16) | ((uint)((keysym >> 8) & 0xFF) << 8) | 0x80;

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_settings.RequirePassword)
        {
            string? password = _settings.Password;
            if (string.IsNullOrEmpty(password))
            {
                var values = await Session.PromptAsync(["password"], cancellationToken);
                password = values["password"];
            }

            if (password != "secret")
            {
                throw new BackendException(GuacamoleStatus.ClientUnauthorized, "authentication failed");
            }
        }

        lock (_display.Sync)
        {
            DrawAll();
            _display.Flush();
        }

        if (_settings.FailAfterMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_settings.FailAfterMs), Context.Time, cancellationToken);
            throw new InvalidOperationException("test back end crashed on purpose");
        }

        if (_settings.EndAfterMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_settings.EndAfterMs), Context.Time, cancellationToken);
            return;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public override ValueTask OnUserJoinedAsync(SessionUser user, CancellationToken cancellationToken)
    {
        if (user.IsOwner)
        {
            return ValueTask.CompletedTask; // the owner gets the first frame from RunAsync
        }

        _display.SendFullState(user);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnKeyAsync(SessionUser user, int keysym, bool pressed, CancellationToken cancellationToken)
    {
        if (!pressed)
        {
            return ValueTask.CompletedTask;
        }

        lock (_display.Sync)
        {
            Keys.Add(keysym);
            _lastKey = keysym;
            Fill(0, 64, 64, 64, KeyColor(keysym));
            _display.Flush();
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnSizeAsync(SessionUser user, int width, int height, int dpi, CancellationToken cancellationToken)
    {
        lock (_display.Sync)
        {
            _display.Model.Resize(0, Math.Min(width, MaxDimension), Math.Min(height, MaxDimension));
            DrawAll();
            _display.Flush();
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnClipboardAsync(SessionUser user, string mimetype, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // Echo the clipboard to everyone as the remote side would after a copy.
        if (!Session.BroadcastStreams.TryAllocate(out int stream))
        {
            return ValueTask.CompletedTask;
        }

        var buffer = new ArrayBufferWriter<byte>();
        InstructionWriter.Start(buffer, "clipboard"u8).Add(stream).Add(mimetype).End();
        for (int offset = 0; offset < data.Length; offset += 6048)
        {
            var chunk = data.Span.Slice(offset, Math.Min(6048, data.Length - offset));
            InstructionWriter.Start(buffer, "blob"u8).Add(stream).AddBase64(chunk).End();
        }

        InstructionWriter.Start(buffer, "end"u8).Add(stream).End();
        Session.Broadcast(buffer.WrittenSpan);
        Session.BroadcastStreams.Free(stream);
        return ValueTask.CompletedTask;
    }

    public override IInboundStreamHandler? OnStreamOpened(SessionUser user, InboundStreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Kind == InboundStreamKind.File && _backend is { AcceptUploads: true }
            ? new UploadCollector(stream.Name, stream.Mimetype, file =>
            {
                _backend.ReceivedFiles.Enqueue(file);
                if (_backend.EchoUploads)
                {
                    SendFile("echo-" + file.Name, file.Mimetype, file.Data);
                }
            })
            : null;
    }

    /// <summary>Sends a file to every user as a download (a <c>file</c> stream with its blobs and <c>end</c>).</summary>
    private void SendFile(string name, string mimetype, ReadOnlySpan<byte> data)
    {
        if (!Session.BroadcastStreams.TryAllocate(out int stream))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        InstructionWriter.Start(buffer, "file"u8).Add(stream).Add(mimetype).Add(name).End();
        for (int offset = 0; offset < data.Length; offset += 6048)
        {
            InstructionWriter.Start(buffer, "blob"u8).Add(stream).AddBase64(data.Slice(offset, Math.Min(6048, data.Length - offset))).End();
        }

        InstructionWriter.Start(buffer, "end"u8).Add(stream).End();
        Session.Broadcast(buffer.WrittenSpan);
        Session.BroadcastStreams.Free(stream);
    }

    private void DrawAll()
    {
        var model = _display.Model;
        Fill(0, 0, model.Width, model.Height, _background);
        foreach (var (x, rgb) in Squares)
        {
            Fill(x, 0, 64, 64, rgb);
        }

        Fill(0, 64, 64, 64, _lastKey < 0 ? 0x000000 : KeyColor(_lastKey));
    }

    private void Fill(int x, int y, int w, int h, uint rgb) =>
        _display.Model.Fill(0, new PixelRect(x, y, w, h), Bgra32.FromRgb((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb));
}
