using System.Buffers;
using System.Net.WebSockets;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tunnels;

/// <summary>
/// <c>GET /websocket-tunnel</c>: what <c>Guacamole.WebSocketTunnel</c> connects to. The connect data comes in
/// the query string; the gateway performs the Guacamole handshake itself, sends <c>0.,36.&lt;uuid&gt;;</c>
/// first, then relays the session.
/// </summary>
public static class WebSocketTunnelEndpoint
{
    public const string Subprotocol = "guacamole";

    public static async Task HandleAsync(HttpContext context, ConnectionResolver resolver, SessionManager sessions, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(lifetime);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("websocket upgrade expected", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var logger = loggers.CreateLogger("Gateway.Tunnels.WebSocket");
        var subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol) ? Subprotocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subprotocol,
            DangerousEnableCompression = false,
        }).ConfigureAwait(false);

        var data = ConnectData.From(key => context.Request.Query[key]);
        var (request, refusal) = resolver.Resolve(data);
        SessionOpenResult open = request is null ? new SessionOpenResult(null, refusal) : default;
        var transport = new WebSocketTransport(socket, context.RequestAborted);
        if (request is not null)
        {
            open = sessions.Open(request, transport);
        }

        if (open.Error is { } error)
        {
            ServerLog.TunnelRefused(logger, "websocket", error.Status, error.Message);
            if (error.Status != GuacamoleStatus.ClientUnauthorized && socket.State == WebSocketState.Open)
            {
                var buffer = new ArrayBufferWriter<byte>();
                InstructionWriter.Start(buffer, "error"u8).Add(error.Message).Add((int)error.Status).End();
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, context.RequestAborted).ConfigureAwait(false);
            }

            await WebSocketTransport.CloseSocketAsync(socket, error.Status, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var user = open.User!;
        var tunnelId = Guid.NewGuid().ToString("D");
        var preamble = new ArrayBufferWriter<byte>(48);
        InstructionWriter.Start(preamble, ReadOnlySpan<byte>.Empty).Add(tunnelId).End();

        // The tunnel UUID goes alone, as the first message, before the user's output starts flowing.
        try
        {
            await transport.SendAsync(preamble.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The browser left already; RunAsync below notices and cleans up.
        }

        await user.RunAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        await transport.Pump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
