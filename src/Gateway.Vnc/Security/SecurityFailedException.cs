using Gateway.Protocol;

namespace Gateway.Vnc.Security;

/// <summary>A security exchange ended with a status other than UPSTREAM_ERROR (e.g. credentials too long).</summary>
internal sealed class SecurityFailedException : Exception
{
    public SecurityFailedException(GuacamoleStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    public SecurityFailedException()
        : this(GuacamoleStatus.UpstreamError, "security failed")
    {
    }

    public SecurityFailedException(string message)
        : this(GuacamoleStatus.UpstreamError, message)
    {
    }

    public SecurityFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = GuacamoleStatus.UpstreamError;
    }

    public GuacamoleStatus Status { get; }
}
