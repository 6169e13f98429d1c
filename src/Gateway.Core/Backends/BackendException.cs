using Gateway.Protocol;

namespace Gateway.Core.Backends;

/// <summary>
/// A failure a back end reports to its users: a Guacamole status and a readable, lowercase message
/// that contains no secret (e.g. UPSTREAM_UNAVAILABLE "connection refused by 10.0.0.5:5900").
/// </summary>
public sealed class BackendException : Exception
{
    public BackendException()
        : this(GuacamoleStatus.UpstreamError, "remote desktop error")
    {
    }

    public BackendException(string message)
        : this(GuacamoleStatus.UpstreamError, message)
    {
    }

    public BackendException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = GuacamoleStatus.UpstreamError;
    }

    public BackendException(GuacamoleStatus status, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    public GuacamoleStatus Status { get; }
}
