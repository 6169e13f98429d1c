using Gateway.Protocol;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Sessions;

/// <summary>Structured session lifecycle logging. Never pass a secret to these.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "session {SessionId} started with protocol {Protocol}")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string protocol);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "session {SessionId} ended: {Status} {Reason}")]
    public static partial void SessionEnded(ILogger logger, string sessionId, GuacamoleStatus status, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "user {UserId} joined session {SessionId} (owner: {IsOwner}, read-only: {ReadOnly})")]
    public static partial void UserJoined(ILogger logger, string userId, string sessionId, bool isOwner, bool readOnly);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "user {UserId} left session {SessionId}: {Status} {Reason}")]
    public static partial void UserLeft(ILogger logger, string userId, string sessionId, GuacamoleStatus status, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "session {SessionId} back end failed unexpectedly")]
    public static partial void BackendCrashed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "user {UserId} of session {SessionId} sent bad input: {Status} {Reason}")]
    public static partial void BadInput(ILogger logger, string userId, string sessionId, GuacamoleStatus status, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "user {UserId} transport failed")]
    public static partial void TransportFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "user {UserId} of session {SessionId} failed unexpectedly")]
    public static partial void UserFailed(ILogger logger, Exception exception, string userId, string sessionId);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "connection refused: {Status} {Reason}")]
    public static partial void OpenRefused(ILogger logger, GuacamoleStatus status, string reason);
}
