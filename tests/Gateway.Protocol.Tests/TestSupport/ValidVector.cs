namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>A golden vector that must decode to <see cref="Opcode"/> and <see cref="Args"/>.</summary>
public sealed record ValidVector(string Name, byte[] Wire, string Opcode, string[] Args, byte[] Canonical)
{
    public override string ToString() => Name;
}
