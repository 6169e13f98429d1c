namespace Gateway.Protocol;

/// <summary>
/// A typed description of malformed or oversized input: the status to report to the peer and a
/// readable, lowercase reason that never contains the offending bytes.
/// </summary>
public readonly record struct ProtocolError(GuacamoleStatus Status, string Message)
{
    public override string ToString() => $"{Status.ToProtocolName()}: {Message}";
}
