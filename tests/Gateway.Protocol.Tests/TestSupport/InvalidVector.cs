namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>A golden vector that must fail with <see cref="Status"/> after <see cref="CompleteBefore"/> good instructions.</summary>
public sealed record InvalidVector(string Name, byte[] Wire, GuacamoleStatus Status, int CompleteBefore)
{
    public override string ToString() => Name;
}
