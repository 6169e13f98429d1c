using Gateway.Protocol;
using Microsoft.Extensions.Logging;

namespace Gateway.Server;

/// <summary>Structured logging for the server. Never pass a secret or a token to these.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Tunnel} tunnel refused: {Status} {Reason}")]
    public static partial void TunnelRefused(ILogger logger, string tunnel, GuacamoleStatus status, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "guacd listener on {Endpoint} (tls: {Tls})")]
    public static partial void GuacdListening(ILogger logger, string endpoint, bool tls);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "guacd handshake from {Remote} failed: {Status} {Reason}")]
    public static partial void GuacdHandshakeFailed(ILogger logger, string remote, GuacamoleStatus status, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "guacd connection from {Remote} ended abruptly")]
    public static partial void GuacdConnectionLost(ILogger logger, Exception exception, string remote);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "the guacd listener is bound to {Endpoint}, which is not a loopback address: it trusts every caller as guacd does")]
    public static partial void GuacdNotLoopback(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "guacd listener failed")]
    public static partial void GuacdListenerFailed(ILogger logger, Exception exception);
}
