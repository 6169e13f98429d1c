namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>Everything a parser produced from one input: the instructions, how it stopped, and why.</summary>
public sealed record ReadOutcome(IReadOnlyList<Instruction> Instructions, ParseResult Final, ProtocolError? Error)
{
    public override string ToString() =>
        $"{Instructions.Count} instruction(s), then {Final}{(Error is { } e ? $" ({e})" : string.Empty)}";

    /// <summary>Same instructions, same final result, same status (messages may differ).</summary>
    public bool SameAs(ReadOutcome other) =>
        other is not null
        && Instructions.SequenceEqual(other.Instructions)
        && Final == other.Final
        && Error?.Status == other.Error?.Status;
}
