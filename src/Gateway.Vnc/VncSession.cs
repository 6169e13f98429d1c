using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Backends;
using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Display.Surfaces;
using Gateway.Protocol;
using Gateway.Vnc.Client;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Input;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc;

/// <summary>
/// The driver of one VNC connection: owns the socket (and TLS/RA2 streams), runs the sans-IO handshake and message
/// reader over it, draws into the session's display and ends a display frame at the end of every FramebufferUpdate,
/// and turns users' input into client messages.
/// </summary>
public sealed partial class VncSession : BackendSession, IServerMessageHandler
{
    /// <summary>Bytes of one clipboard or audio blob before base64 (guacd's block size).</summary>
    private const int BlobBytes = 6048;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most incremental update requests a second while the screen keeps changing (without continuous updates): above
    /// a browser's refresh rate, so nothing visible is lost, and low enough that a server painting in strips
    /// (TigerVNC sends each X PutImage as soon as it is asked) merges them into one update instead of one frame each.
    /// </summary>
    public const int MaxUpdatesPerSecond = 60;

    private readonly VncSettings _settings;
    private readonly ClipboardEncoding _clipboardEncoding;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _inputBuffer = new(256);
    private readonly object _stateGate = new();
    private Stream? _stream;
    private SessionDisplay? _display;
    private DisplaySink? _sink;
    private ServerMessageReader? _reader;
    private DecoderContext? _context;
    private List<IRectangleDecoder> _decoders = [];
    private ArrayBufferWriter<byte> _loopOutput = new(256);
    private string _name = string.Empty;
    private bool _qemuKeys;
    private bool _extendedDesktopSize;
    private bool _extendedClipboard;
    private bool _serverTakesNotify;
    private uint _serverClipboardActions;
    private bool _requestUpdate;
    private long _lastRequestAt;
    private bool _requestDeferred;
    private ContinuousState _continuous;
    private bool _fenceAnswered;
    private bool _requestedAudio;
    private int _audioStream = -1;
    private string? _pendingPaste;
    private (int Width, int Height)? _wantedSize;
    private IReadOnlyList<ScreenLayout> _screens = [];

    /// <summary>Creates the driver; nothing happens before <see cref="RunAsync"/>.</summary>
    public VncSession(BackendContext context)
        : base(context)
    {
        _settings = context.SettingsAs<VncSettings>();
        _clipboardEncoding = ClipboardEncoding.FromName(_settings.ClipboardEncoding);
    }

    /// <summary>The framebuffer the reader draws into (valid after the handshake).</summary>
    IFramebufferSink IServerMessageHandler.Framebuffer => _sink ?? throw new InvalidOperationException("not connected");

    /// <summary>True when typing goes out as QEMU extended key events (scancodes).</summary>
    public bool UsesScancodes => _qemuKeys;

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        ServerInit init;
        int attempts = 1 + Math.Max(0, _settings.Autoretry);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                init = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (BackendException e) when (attempt < attempts && IsRetryable(e.Status) && !cancellationToken.IsCancellationRequested)
            {
                VncLog.Retrying(Context.Logger, Session.Id, attempt, e.Message);
                await DisposeStreamAsync().ConfigureAwait(false);
                await Task.Delay(RetryDelay, Context.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            await StartAsync(init, cancellationToken).ConfigureAwait(false);
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RfbProtocolException e)
        {
            VncLog.ProtocolError(Context.Logger, Session.Id, e.Message);
            throw new BackendException(GuacamoleStatus.UpstreamError, "vnc protocol error: " + e.Message, e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BackendException(GuacamoleStatus.UpstreamError, "the connection to the vnc server was lost", e);
        }
        catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BackendException(GuacamoleStatus.UpstreamError, "the connection to the vnc server was lost", e);
        }
    }

    public override ValueTask OnUserJoinedAsync(SessionUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_display is { } display && !user.IsOwner)
        {
            if (_name.Length > 0)
            {
                user.Send("name", _name);
            }

            display.SendFullState(user);
        }

        return ValueTask.CompletedTask;
    }

    public override async ValueTask OnKeyAsync(SessionUser user, int keysym, bool pressed, CancellationToken cancellationToken)
    {
        if (!AcceptsInput(user))
        {
            return;
        }

        ushort code = _qemuKeys ? XtScancodes.Lookup(keysym) : (ushort)0;
        await SendAsync(
            w =>
            {
                if (code != 0)
                {
                    ClientMessageWriter.QemuExtendedKeyEvent(w, pressed, (uint)keysym, code);
                }
                else
                {
                    ClientMessageWriter.KeyEvent(w, pressed, (uint)keysym);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask OnMouseAsync(SessionUser user, int x, int y, int buttonMask, CancellationToken cancellationToken)
    {
        if (!AcceptsInput(user))
        {
            return;
        }

        // Guacamole's mask (left 1, middle 2, right 4, up 8, down 16) is RFB's buttons 1-5.
        byte mask = (byte)(buttonMask & 0x1F);
        ushort px = (ushort)Math.Clamp(x, 0, ushort.MaxValue);
        ushort py = (ushort)Math.Clamp(y, 0, ushort.MaxValue);
        await SendAsync(w => ClientMessageWriter.PointerEvent(w, mask, px, py), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask OnSizeAsync(SessionUser user, int width, int height, int dpi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_settings.DisableDisplayResize || !user.IsOwner || _settings.ReadOnly)
        {
            return;
        }

        lock (_stateGate)
        {
            _wantedSize = (width, height);
        }

        await RequestResizeAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask OnClipboardAsync(SessionUser user, string mimetype, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mimetype);
        if (_settings.DisablePaste || !AcceptsInput(user) || !mimetype.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        string text = Encoding.UTF8.GetString(data.Span);
        bool extended;
        bool notify;
        lock (_stateGate)
        {
            extended = _extendedClipboard;
            notify = _serverTakesNotify;
            if (extended && notify)
            {
                _pendingPaste = text;
            }
        }

        if (extended && notify)
        {
            await SendAsync(w => ClientMessageWriter.ExtendedClipboardFlagsOnly(w, ExtendedClipboardFlags.Notify | ExtendedClipboardFlags.Text), cancellationToken).ConfigureAwait(false);
        }
        else if (extended && (_serverClipboardActions & ExtendedClipboardFlags.Provide) != 0)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
            await SendAsync(w => ClientMessageWriter.ExtendedClipboardProvideText(w, utf8), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            byte[] bytes = _clipboardEncoding.Encode(text);
            await SendAsync(w => ClientMessageWriter.ClientCutText(w, bytes), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeStreamAsync().ConfigureAwait(false);
        foreach (var decoder in _decoders)
        {
            (decoder as IDisposable)?.Dispose();
        }

        _writeLock.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsRetryable(GuacamoleStatus status) =>
        status is GuacamoleStatus.UpstreamUnavailable or GuacamoleStatus.UpstreamNotFound or GuacamoleStatus.UpstreamTimeout or GuacamoleStatus.UpstreamError;

    private bool AcceptsInput(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !_settings.ReadOnly && !user.IsReadOnly && _stream is not null && _reader is not null;
    }

    private static PixelFormat ChooseFormat(int colorDepth) => colorDepth switch
    {
        8 => PixelFormat.Bgr233,
        16 => PixelFormat.Rgb565,
        _ => PixelFormat.Bgrx32,
    };

    private async Task StartAsync(ServerInit init, CancellationToken cancellationToken)
    {
        if (init.Width <= 0 || init.Height <= 0 || init.Width > ServerMessageReader.MaxFramebufferSide || init.Height > ServerMessageReader.MaxFramebufferSide)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"serverinit framebuffer size {init.Width}x{init.Height} is out of range"));
        }

        var format = ChooseFormat(_settings.ColorDepth);
        _context = new DecoderContext(format) { SwapRedBlue = _settings.SwapRedBlue };
        _decoders =
        [
            new RawDecoder(), new CopyRectDecoder(), new RreDecoder(), new HextileDecoder(), new ZlibDecoder(),
            new TightDecoder(), new ZrleDecoder(), new TrleDecoder(), new CursorDecoder(), new XCursorDecoder(),
        ];
        _reader = new ServerMessageReader(_context, _decoders) { MaxCutTextBytes = Session.Options.MaxClipboardBytes };
        var display = new SessionDisplay(Session, init.Width, init.Height) { ForceLossless = _settings.ForceLossless };
        _sink = new DisplaySink(display.Model, _settings.Cursor == VncCursorMode.Remote);
        _name = init.Name;
        _display = display;
        if (_name.Length > 0)
        {
            Broadcast(b => InstructionWriter.Start(b, "name"u8).Add(_name).End());
        }

        lock (display.Sync)
        {
            // The first frame: the layer at the server's size (content follows with the first update).
            display.Model.Fill(0, new PixelRect(0, 0, init.Width, init.Height), Bgra32.Black);
            display.Flush();
        }

        int[] encodings = EncodingPreferences.Build(
            _settings.Encodings,
            _reader.DecoderEncodings,
            _settings.Cursor == VncCursorMode.Local,
            _settings.CompressLevel,
            _settings.QualityLevel,
            _settings.ForceLossless,
            _settings.ContinuousUpdates);
        await SendAsync(
            w =>
            {
                ClientMessageWriter.SetPixelFormat(w, format);
                ClientMessageWriter.SetEncodings(w, encodings);
                ClientMessageWriter.FramebufferUpdateRequest(w, false, 0, 0, (ushort)init.Width, (ushort)init.Height);
                if (_settings.DisableServerInput)
                {
                    ClientMessageWriter.SetServerInput(w, disabled: true);
                }
            },
            cancellationToken).ConfigureAwait(false);

        if (Session.Owner is { } owner && !_settings.DisableDisplayResize && !_settings.ReadOnly)
        {
            lock (_stateGate)
            {
                _wantedSize ??= (owner.Client.Width, owner.Client.Height);
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var stream = _stream!;
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var display = _display!;
        try
        {
            while (true)
            {
                var pending = reader.ReadAsync(cancellationToken);
                if (!pending.IsCompleted)
                {
                    // The server has nothing more for now: give back scratch buffers a large rectangle grew, so an
                    // idle session stays small.
                    TrimDecoders();
                }

                var result = await pending.ConfigureAwait(false);
                var buffer = result.Buffer;
                lock (display.Sync)
                {
                    // A fence request stops the batch: its answer goes out before anything after it is processed
                    // (that is what lets us honour BlockAfter as well as BlockBefore).
                    _fenceAnswered = false;
                    while (!_fenceAnswered && _reader!.Read(ref buffer, this))
                    {
                    }
                }

                if (_fenceAnswered)
                {
                    // Stopped early: what is left is unread, not merely incomplete.
                    reader.AdvanceTo(buffer.Start);
                }
                else
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
                await SendLoopOutputAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    throw new BackendException(
                        GuacamoleStatus.UpstreamError,
                        _settings.DisableServerInput
                            ? "the vnc server closed the connection (it may not support disable-server-input, an UltraVNC extension)"
                            : "the vnc server closed the connection");
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void TrimDecoders()
    {
        foreach (var decoder in _decoders)
        {
            (decoder as ITrimmableDecoder)?.TrimBuffers();
        }
    }

    /// <summary>Sends what the message handlers queued while the display lock was held.</summary>
    private async Task SendLoopOutputAsync(CancellationToken cancellationToken)
    {
        bool request;
        ArrayBufferWriter<byte> queued;
        lock (_stateGate)
        {
            request = _requestUpdate;
            _requestUpdate = false;
            queued = _loopOutput;
            _loopOutput = new ArrayBufferWriter<byte>(256);
        }

        var sink = _sink!;
        if (request && DeferRequest(cancellationToken))
        {
            request = false;
        }

        if (queued.WrittenCount > 0 || request)
        {
            await SendAsync(
                w =>
                {
                    w.Write(queued.WrittenSpan);
                    if (request)
                    {
                        ClientMessageWriter.FramebufferUpdateRequest(w, true, 0, 0, (ushort)sink.Width, (ushort)sink.Height);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        await RequestResizeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Paces incremental update requests to <see cref="MaxUpdatesPerSecond"/>: when the previous request went out less
    /// than an interval ago (the screen is changing continuously), the next one is sent when the interval is over,
    /// and the server merges what changed meanwhile. A request after a quiet spell goes out at once, so a key typed
    /// on a still screen is answered as fast as the server can.
    /// </summary>
    private bool DeferRequest(CancellationToken cancellationToken)
    {
        var time = Context.Time;
        long now = time.GetTimestamp();
        long interval = time.TimestampFrequency / MaxUpdatesPerSecond;
        long wait;
        lock (_stateGate)
        {
            wait = _lastRequestAt + interval - now;
            if (_lastRequestAt == 0 || wait <= 0)
            {
                _lastRequestAt = now;
                return false;
            }

            if (_requestDeferred)
            {
                return true;
            }

            _requestDeferred = true;
        }

        _ = SendDeferredRequestAsync(TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), cancellationToken);
        return true;
    }

    private async Task SendDeferredRequestAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Context.Time, cancellationToken).ConfigureAwait(false);
            lock (_stateGate)
            {
                _requestDeferred = false;
                _lastRequestAt = Context.Time.GetTimestamp();
            }

            var sink = _sink!;
            await SendAsync(w => ClientMessageWriter.FramebufferUpdateRequest(w, true, 0, 0, (ushort)sink.Width, (ushort)sink.Height), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The session is ending; its read loop reports why.
        }
    }

    private async Task RequestResizeAsync(CancellationToken cancellationToken)
    {
        (int Width, int Height) size;
        IReadOnlyList<ScreenLayout> screens;
        lock (_stateGate)
        {
            if (_wantedSize is not { } wanted || !_extendedDesktopSize || _sink is null)
            {
                return;
            }

            _wantedSize = null;
            size = (Math.Clamp(wanted.Width, 1, 8192), Math.Clamp(wanted.Height, 1, 8192));
            if (size.Width == _sink.Width && size.Height == _sink.Height)
            {
                return;
            }

            screens = _screens;
        }

        uint id = screens.Count > 0 ? screens[0].Id : 0;
        uint flags = screens.Count > 0 ? screens[0].Flags : 0;
        var layout = new ScreenLayout(id, 0, 0, (ushort)size.Width, (ushort)size.Height, flags);
        await SendAsync(w => ClientMessageWriter.SetDesktopSize(w, (ushort)size.Width, (ushort)size.Height, [layout]), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(Action<IBufferWriter<byte>> build, CancellationToken cancellationToken)
    {
        var stream = _stream;
        if (stream is null)
        {
            return;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return; // the session was disposed while this input waited
        }

        try
        {
            _inputBuffer.ResetWrittenCount();
            build(_inputBuffer);
            await stream.WriteAsync(_inputBuffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The read loop sees the broken connection and ends the session with a status.
        }
        catch (ObjectDisposedException)
        {
            // The session ended while this input was on its way.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Queue(Action<IBufferWriter<byte>> build)
    {
        lock (_stateGate)
        {
            build(_loopOutput);
        }
    }

    private async ValueTask DisposeStreamAsync()
    {
        var stream = _stream;
        _stream = null;
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Broadcast(Action<ArrayBufferWriter<byte>> build)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        build(buffer);
        Session.Broadcast(buffer.WrittenSpan);
    }

    private void SendClipboard(string text)
    {
        if (_settings.DisableCopy || !Session.BroadcastStreams.TryAllocate(out int stream))
        {
            return;
        }

        byte[] data = Encoding.UTF8.GetBytes(text);
        int max = Session.Options.MaxClipboardBytes;
        if (data.Length > max)
        {
            Array.Resize(ref data, max);
        }

        Broadcast(buffer =>
        {
            InstructionWriter.Start(buffer, "clipboard"u8).Add(stream).Add("text/plain").End();
            for (int offset = 0; offset < data.Length; offset += BlobBytes)
            {
                var chunk = data.AsSpan(offset, Math.Min(BlobBytes, data.Length - offset));
                InstructionWriter.Start(buffer, "blob"u8).Add(stream).AddBase64(chunk).End();
            }

            InstructionWriter.Start(buffer, "end"u8).Add(stream).End();
        });
        Session.BroadcastStreams.Free(stream);
    }

    void IServerMessageHandler.OnFramebufferUpdateEnd()
    {
        _display!.Flush();
        lock (_stateGate)
        {
            // With continuous updates on, the server pushes the visible area by itself; polling is only needed
            // without them.
            _requestUpdate = _continuous != ContinuousState.On;
        }
    }

    void IServerMessageHandler.OnDesktopSize(int width, int height) => ResizeFramebuffer(width, height);

    void IServerMessageHandler.OnExtendedDesktopSize(ExtendedDesktopSize size)
    {
        lock (_stateGate)
        {
            if (!_extendedDesktopSize)
            {
                VncLog.Feature(Context.Logger, Session.Id, "extended desktop size");
            }

            _extendedDesktopSize = true;
            if (size.Screens.Count > 0)
            {
                _screens = size.Screens;
            }
        }

        if (size.Reason == ExtendedDesktopSize.ReasonThisClient)
        {
            VncLog.ResizeResult(Context.Logger, Session.Id, size.Width, size.Height, size.Status);
        }

        if (size.Status == 0)
        {
            ResizeFramebuffer(size.Width, size.Height);
        }
    }

    private void ResizeFramebuffer(int width, int height)
    {
        var model = _display!.Model;
        if (model.Width != width || model.Height != height)
        {
            model.Resize(0, width, height);
            lock (_stateGate)
            {
                if (_continuous == ContinuousState.On)
                {
                    // The area continuous updates cover is fixed when they are enabled: cover the new size.
                    Queue(w => ClientMessageWriter.EnableContinuousUpdates(w, true, 0, 0, (ushort)width, (ushort)height));
                }
            }
        }
    }
}
