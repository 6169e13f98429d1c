using Gateway.Protocol;

namespace Gateway.Fuzz;

/// <summary>A compact record of what a parser made of an input, to compare different ways of feeding it.</summary>
internal sealed class Outcome : IEquatable<Outcome>
{
    private readonly List<byte[]> _instructions = [];
    private ParseResult _final;
    private GuacamoleStatus? _status;

    public void Add(InstructionView instruction)
    {
        if (instruction.ArgCount < 0 || instruction.Raw.IsEmpty || instruction.Raw[^1] != (byte)';')
        {
            throw new FuzzInvariantException("complete instruction is malformed");
        }

        _instructions.Add(instruction.Raw.ToArray());
    }

    public Outcome Finish(ParseResult result, InstructionParser parser, int consumed)
    {
        if (consumed != 0)
        {
            throw new FuzzInvariantException("an incomplete read reported consumed bytes");
        }

        switch (result)
        {
            case ParseResult.Error when parser.Error is not { } error:
                throw new FuzzInvariantException("error without a protocol error");
            case ParseResult.Error when parser.Error is { Status: not (GuacamoleStatus.ClientBadRequest or GuacamoleStatus.ClientOverrun) }:
                throw new FuzzInvariantException($"unexpected status {parser.Error}");
            case ParseResult.Error when string.IsNullOrEmpty(parser.Error?.Message):
                throw new FuzzInvariantException("error without a message");
            case ParseResult.NeedMoreData when parser.Error is not null:
                throw new FuzzInvariantException("need more data with an error set");
            default:
                break;
        }

        _final = result;
        _status = parser.Error?.Status;
        return this;
    }

    public bool Equals(Outcome? other) =>
        other is not null
        && _final == other._final
        && _status == other._status
        && _instructions.Count == other._instructions.Count
        && _instructions.Zip(other._instructions).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override bool Equals(object? obj) => Equals(obj as Outcome);

    public override int GetHashCode() => HashCode.Combine(_final, _status, _instructions.Count);

    public override string ToString() => $"{_instructions.Count} instruction(s) then {_final} {_status}";
}
