namespace Gateway.Bench;

/// <summary>The gateway process started but does not register the protocol under test.</summary>
internal sealed class ProtocolNotOfferedException : InvalidOperationException
{
    public ProtocolNotOfferedException()
    {
    }

    public ProtocolNotOfferedException(string message)
        : base(message)
    {
    }

    public ProtocolNotOfferedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
