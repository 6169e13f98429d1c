using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Gateway.Protocol;

namespace Gateway.Bench;

/// <summary>
/// A headless Guacamole client on the WebSocket tunnel that behaves like a browser that renders instantly: it answers
/// every <c>sync</c> with <c>sync</c>, acknowledges every <c>blob</c>, pings the tunnel every 500 ms like
/// Guacamole.WebSocketTunnel, and counts bytes, frames (syncs that close a frame with drawing in it) and image
/// formats. <see cref="MeasureKeyAsync"/> times a key press until the first frame with drawing after it.
/// </summary>
internal sealed class GuacClient : IAsyncDisposable
{
    private static readonly ProtocolLimits Limits = new()
    {
        MaxElementLength = 1 << 22,
        MaxElements = 4096,
        MaxInstructionBytes = 1 << 23,
    };

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _firstFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, long> _images = new(StringComparer.Ordinal);
    private readonly HashSet<string> _imageStreams = new(StringComparer.Ordinal);
    private long _imagePixels;
    private Task _receive = Task.CompletedTask;
    private Task _ping = Task.CompletedTask;
    private long _bytes;
    private long _frames;
    private bool _drawnSinceSync;

    // Key-to-first-pixel: set when a key goes out; the receive loop completes it at the first sync after drawing.
    private long _keySentAt;
    private bool _drawnSinceKey;
    private TaskCompletionSource<double>? _keyFrame;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Pixels of the images received so far (their sizes read from the first blob of each image stream).</summary>
    public long ImagePixels => Interlocked.Read(ref _imagePixels);

    public string? Error { get; private set; }

    /// <summary>Image instructions by mimetype so far.</summary>
    public Dictionary<string, long> ImageCounts
    {
        get
        {
            lock (_images)
            {
                return new Dictionary<string, long>(_images, StringComparer.Ordinal);
            }
        }
    }

    public async Task ConnectAsync(Uri gateway, string token, int width, int height, CancellationToken cancellationToken)
    {
        _socket.Options.AddSubProtocol("guacamole");
        var query = new StringBuilder()
            .Append("token=").Append(Uri.EscapeDataString(token))
            .Append(CultureInfo.InvariantCulture, $"&GUAC_WIDTH={width}&GUAC_HEIGHT={height}&GUAC_DPI=96")
            .Append("&GUAC_IMAGE=image/png&GUAC_IMAGE=image/jpeg&GUAC_IMAGE=image/webp");
        var uri = new UriBuilder(gateway) { Scheme = "ws", Path = "/websocket-tunnel", Query = query.ToString() }.Uri;
        await _socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        _receive = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        _ping = Task.Run(PingLoopAsync, CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await _firstFrame.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("no first frame within 30 s" + (Error is null ? string.Empty : ": " + Error));
        }
    }

    /// <summary>Presses and releases a key; returns milliseconds from the press to the first frame with drawing.</summary>
    public async Task<double> MeasureKeyAsync(int keysym, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_images)
        {
            _drawnSinceKey = false;
            _keyFrame = done;
            _keySentAt = Stopwatch.GetTimestamp();
        }

        await SendAsync($"3.key,{Len(keysym)},1.1;", cancellationToken).ConfigureAwait(false);
        try
        {
            return await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return double.NaN;
        }
        finally
        {
            lock (_images)
            {
                _keyFrame = null;
            }

            await SendAsync($"3.key,{Len(keysym)},1.0;", cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await SendAsync("10.disconnect;", CancellationToken.None).ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        await _cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_receive, _ping).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        _sendLock.Dispose();
        _cts.Dispose();
    }

    private static string Len(int value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        return text.Length.ToString(CultureInfo.InvariantCulture) + "." + text;
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(_cts.Token).ConfigureAwait(false))
            {
                string ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                await SendAsync($"0.,4.ping,{ms.Length}.{ms};", _cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var parser = new InstructionParser(Limits);
        byte[] buffer = new byte[1 << 16];
        int filled = 0;
        var replies = new List<string>();
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= Limits.MaxInstructionBytes)
                    {
                        throw new InvalidOperationException("instruction larger than the client's limit");
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _cts.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Error ??= $"closed by the gateway: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }

                Interlocked.Add(ref _bytes, result.Count);
                filled += result.Count;
                int start = 0;
                replies.Clear();
                while (true)
                {
                    var status = parser.TryRead(buffer.AsSpan(start, filled - start), out var ins, out int consumed);
                    if (status == ParseResult.NeedMoreData)
                    {
                        break;
                    }

                    if (status == ParseResult.Error)
                    {
                        throw new InvalidOperationException("bad instruction from the gateway: " + parser.Error);
                    }

                    Handle(ins, replies);
                    start += consumed;
                }

                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                    filled -= start;
                }

                foreach (string reply in replies)
                {
                    await SendAsync(reply, _cts.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
        {
            Error ??= ex.Message;
        }
        finally
        {
            _firstFrame.TrySetException(new InvalidOperationException(Error ?? "connection ended"));
        }
    }

    private void Handle(in InstructionView ins, List<string> replies)
    {

        if (ins.Is("sync"u8))
        {
            string ts = ins.GetString(0);
            replies.Add($"4.sync,{Encoding.UTF8.GetByteCount(ts)}.{ts};");
            lock (_images)
            {
                if (_drawnSinceSync)
                {
                    Interlocked.Increment(ref _frames);
                    _firstFrame.TrySetResult();
                }

                _drawnSinceSync = false;
                if (_keyFrame is not null && _drawnSinceKey)
                {
                    _keyFrame.TrySetResult(Stopwatch.GetElapsedTime(_keySentAt).TotalMilliseconds);
                    _keyFrame = null;
                }
            }

            return;
        }

        if (ins.Is("blob"u8))
        {
            string stream = ins.GetString(0);
            replies.Add($"3.ack,{stream.Length}.{stream},2.OK,1.0;");
            if (_imageStreams.Remove(stream))
            {
                Interlocked.Add(ref _imagePixels, ImageHeader.Pixels(Convert.FromBase64String(ins.GetString(1))));
            }

            Drawn();
            return;
        }

        if (ins.Is("img"u8))
        {
            _imageStreams.Add(ins.GetString(0));
            string mimetype = ins.GetString(3);
            lock (_images)
            {
                _images[mimetype] = _images.GetValueOrDefault(mimetype) + 1;
            }

            Drawn();
            return;
        }

        if (ins.Is("rect"u8) || ins.Is("cfill"u8) || ins.Is("copy"u8) || ins.Is("transfer"u8) || ins.Is("png"u8)
            || ins.Is("jpeg"u8) || ins.Is("end"u8) || ins.Is("size"u8) || ins.Is("arc"u8) || ins.Is("lfill"u8)
            || ins.Is("line"u8) || ins.Is("cstroke"u8) || ins.Is("dispose"u8) || ins.Is("move"u8))
        {
            Drawn();
            return;
        }

        if (ins.Is("error"u8))
        {
            Error ??= $"error {ins.GetString(1)}: {ins.GetString(0)}";
            return;
        }

        if (ins.Is("disconnect"u8))
        {
            Error ??= "disconnected by the gateway";
            return;
        }


    }

    private void Drawn()
    {
        lock (_images)
        {
            _drawnSinceSync = true;
            if (_keyFrame is not null)
            {
                _drawnSinceKey = true;
            }
        }
    }
}
