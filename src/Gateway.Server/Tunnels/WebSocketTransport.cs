using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Protocol;

namespace Gateway.Server.Tunnels;

/// <summary>
/// A user's transport over a WebSocket speaking the <c>guacamole</c> subprotocol: text frames, each
/// holding whole instructions; the close reason is the decimal Guacamole status.
/// </summary>
internal sealed class WebSocketTransport : IUserTransport
{
    private readonly WebSocket _socket;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private readonly CancellationToken _aborted;
    private int _closed;

    public WebSocketTransport(WebSocket socket, CancellationToken aborted)
    {
        _socket = socket;
        _aborted = aborted;
        Pump = PumpAsync();
    }

    public PipeReader Input => _input.Reader;

    /// <summary>Completes when the browser side has stopped sending.</summary>
    public Task Pump { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.Open)
        {
            throw new IOException("websocket is closed");
        }

        await _socket.SendAsync(instructions, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await CloseSocketAsync(_socket, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes with the mapped close code and the decimal status as reason, tolerating a socket already gone.</summary>
    public static async Task CloseSocketAsync(WebSocket socket, GuacamoleStatus status, CancellationToken cancellationToken)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseOutputAsync(
                (WebSocketCloseStatus)status.ToWebSocketCloseCode(),
                ((int)status).ToString(CultureInfo.InvariantCulture),
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        var writer = _input.Writer;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(8192);
                var result = await _socket.ReceiveAsync(memory, _aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                writer.Advance(result.Count);
                var flush = await writer.FlushAsync(_aborted).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            failure = null; // a vanished browser is an ordinary end, not an error
        }
        finally
        {
            await writer.CompleteAsync(failure).ConfigureAwait(false);
        }
    }
}
