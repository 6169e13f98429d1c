namespace Gateway.Protocol;

/// <summary>The one exception type protocol code raises for bad input from a peer.</summary>
public sealed class GuacamoleProtocolException : Exception
{
    public GuacamoleProtocolException()
        : this(GuacamoleStatus.ClientBadRequest, "protocol error")
    {
    }

    public GuacamoleProtocolException(string message)
        : this(GuacamoleStatus.ClientBadRequest, message)
    {
    }

    public GuacamoleProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = GuacamoleStatus.ClientBadRequest;
    }

    public GuacamoleProtocolException(GuacamoleStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    public GuacamoleProtocolException(ProtocolError error)
        : this(error.Status, error.Message)
    {
    }

    /// <summary>The status to report to the peer.</summary>
    public GuacamoleStatus Status { get; }

    public ProtocolError Error => new(Status, Message);
}
