using Microsoft.Extensions.Logging;

namespace Gateway.Vnc;

/// <summary>Source-generated log messages of the VNC back end. Never logs secrets or clipboard content.</summary>
internal static partial class VncLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "vnc session {SessionId}: connected to {Host}:{Port} ({Width}x{Height}, security {Security})")]
    public static partial void Connected(ILogger logger, string sessionId, string host, int port, int width, int height, string security);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "vnc session {SessionId}: attempt {Attempt} failed ({Reason}); retrying")]
    public static partial void Retrying(ILogger logger, string sessionId, int attempt, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "vnc session {SessionId}: protocol error: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "vnc session {SessionId}: server supports {Feature}")]
    public static partial void Feature(ILogger logger, string sessionId, string feature);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "vnc session {SessionId}: resize to {Width}x{Height} answered with status {Status}")]
    public static partial void ResizeResult(ILogger logger, string sessionId, int width, int height, int status);
}
