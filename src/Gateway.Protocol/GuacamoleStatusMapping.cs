namespace Gateway.Protocol;

/// <summary>
/// The HTTP status and WebSocket close code that go with each <see cref="GuacamoleStatus"/>,
/// as the Java GuacamoleStatus defines them and guacamole-common-js expects them.
/// </summary>
public static class GuacamoleStatusMapping
{
    /// <summary>The HTTP status code used by the HTTP tunnel for this status.</summary>
    public static int ToHttpStatus(this GuacamoleStatus status) => status switch
    {
        GuacamoleStatus.Success => 200,
        GuacamoleStatus.Unsupported => 501,
        GuacamoleStatus.ServerError => 500,
        GuacamoleStatus.ServerBusy => 503,
        GuacamoleStatus.UpstreamTimeout => 504,
        GuacamoleStatus.UpstreamError => 502,
        GuacamoleStatus.ResourceNotFound => 404,
        GuacamoleStatus.ResourceConflict => 409,
        GuacamoleStatus.ResourceClosed => 404,
        GuacamoleStatus.UpstreamNotFound => 502,
        GuacamoleStatus.UpstreamUnavailable => 502,
        GuacamoleStatus.SessionConflict => 409,
        GuacamoleStatus.SessionTimeout => 408,
        GuacamoleStatus.SessionClosed => 404,
        GuacamoleStatus.ClientBadRequest => 400,
        GuacamoleStatus.ClientUnauthorized => 403,
        GuacamoleStatus.ClientForbidden => 403,
        GuacamoleStatus.ClientTimeout => 408,
        GuacamoleStatus.ClientOverrun => 413,
        GuacamoleStatus.ClientBadType => 415,
        GuacamoleStatus.ClientTooMany => 429,
        _ => 500,
    };

    /// <summary>The WebSocket close code used by the WebSocket tunnel for this status.</summary>
    public static int ToWebSocketCloseCode(this GuacamoleStatus status) => status switch
    {
        GuacamoleStatus.Success => 1000,
        GuacamoleStatus.Unsupported => 1011,
        GuacamoleStatus.ServerError => 1011,
        GuacamoleStatus.ServerBusy => 1008,
        GuacamoleStatus.UpstreamTimeout => 1011,
        GuacamoleStatus.UpstreamError => 1011,
        GuacamoleStatus.ResourceNotFound => 1002,
        GuacamoleStatus.ResourceConflict => 1008,
        GuacamoleStatus.ResourceClosed => 1002,
        GuacamoleStatus.UpstreamNotFound => 1011,
        GuacamoleStatus.UpstreamUnavailable => 1011,
        GuacamoleStatus.SessionConflict => 1008,
        GuacamoleStatus.SessionTimeout => 1002,
        GuacamoleStatus.SessionClosed => 1002,
        GuacamoleStatus.ClientBadRequest => 1002,
        GuacamoleStatus.ClientUnauthorized => 1008,
        GuacamoleStatus.ClientForbidden => 1008,
        GuacamoleStatus.ClientTimeout => 1002,
        GuacamoleStatus.ClientOverrun => 1009,
        GuacamoleStatus.ClientBadType => 1003,
        GuacamoleStatus.ClientTooMany => 1008,
        _ => 1011,
    };

    /// <summary>True for codes defined by the protocol.</summary>
    public static bool IsDefined(int code) => Enum.IsDefined(typeof(GuacamoleStatus), code);

    /// <summary>The protocol's upper-case name, e.g. <c>CLIENT_UNAUTHORIZED</c>.</summary>
    public static string ToProtocolName(this GuacamoleStatus status) => status switch
    {
        GuacamoleStatus.Success => "SUCCESS",
        GuacamoleStatus.Unsupported => "UNSUPPORTED",
        GuacamoleStatus.ServerError => "SERVER_ERROR",
        GuacamoleStatus.ServerBusy => "SERVER_BUSY",
        GuacamoleStatus.UpstreamTimeout => "UPSTREAM_TIMEOUT",
        GuacamoleStatus.UpstreamError => "UPSTREAM_ERROR",
        GuacamoleStatus.ResourceNotFound => "RESOURCE_NOT_FOUND",
        GuacamoleStatus.ResourceConflict => "RESOURCE_CONFLICT",
        GuacamoleStatus.ResourceClosed => "RESOURCE_CLOSED",
        GuacamoleStatus.UpstreamNotFound => "UPSTREAM_NOT_FOUND",
        GuacamoleStatus.UpstreamUnavailable => "UPSTREAM_UNAVAILABLE",
        GuacamoleStatus.SessionConflict => "SESSION_CONFLICT",
        GuacamoleStatus.SessionTimeout => "SESSION_TIMEOUT",
        GuacamoleStatus.SessionClosed => "SESSION_CLOSED",
        GuacamoleStatus.ClientBadRequest => "CLIENT_BAD_REQUEST",
        GuacamoleStatus.ClientUnauthorized => "CLIENT_UNAUTHORIZED",
        GuacamoleStatus.ClientForbidden => "CLIENT_FORBIDDEN",
        GuacamoleStatus.ClientTimeout => "CLIENT_TIMEOUT",
        GuacamoleStatus.ClientOverrun => "CLIENT_OVERRUN",
        GuacamoleStatus.ClientBadType => "CLIENT_BAD_TYPE",
        GuacamoleStatus.ClientTooMany => "CLIENT_TOO_MANY",
        _ => "UNKNOWN",
    };
}
