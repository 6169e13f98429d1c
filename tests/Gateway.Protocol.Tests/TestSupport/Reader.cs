using System.Buffers;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>Drives an <see cref="InstructionParser"/> over a whole input in the ways a caller might.</summary>
public static class Reader
{
    /// <summary>Reads every instruction from <paramref name="buffer"/> as one call sequence.</summary>
    public static ReadOutcome ReadAll(ReadOnlySequence<byte> buffer, ProtocolLimits? limits = null)
    {
        var parser = new InstructionParser(limits ?? ProtocolLimits.Default);
        var instructions = new List<Instruction>();
        while (true)
        {
            var result = parser.TryRead(ref buffer, out var view);
            if (result != ParseResult.Complete)
            {
                return new ReadOutcome(instructions, result, parser.Error);
            }

            instructions.Add(view.ToInstruction());
        }
    }

    public static ReadOutcome ReadAll(byte[] data, ProtocolLimits? limits = null) =>
        ReadAll(new ReadOnlySequence<byte>(data), limits);

    /// <summary>Reads every instruction through the span overload.</summary>
    public static ReadOutcome ReadAllSpan(ReadOnlySpan<byte> data, ProtocolLimits? limits = null)
    {
        var parser = new InstructionParser(limits ?? ProtocolLimits.Default);
        var instructions = new List<Instruction>();
        while (true)
        {
            var result = parser.TryRead(data, out var view, out int consumed);
            if (result != ParseResult.Complete)
            {
                Assert.Equal(0, consumed);
                return new ReadOutcome(instructions, result, parser.Error);
            }

            Assert.True(consumed > 0);
            instructions.Add(view.ToInstruction());
            data = data[consumed..];
        }
    }

    /// <summary>
    /// Simulates a pipe that delivers one more byte at a time: each call sees the unconsumed bytes from the
    /// same start, growing by one. Asserts that "need more data" never moves the buffer.
    /// </summary>
    public static ReadOutcome ReadGrowing(ReadOnlySequence<byte> whole, ProtocolLimits? limits = null)
    {
        var parser = new InstructionParser(limits ?? ProtocolLimits.Default);
        var instructions = new List<Instruction>();
        long consumed = 0;
        long available = 0;
        while (true)
        {
            var before = whole.Slice(consumed, available - consumed);
            var buffer = before;
            var result = parser.TryRead(ref buffer, out var view);
            switch (result)
            {
                case ParseResult.Complete:
                    instructions.Add(view.ToInstruction());
                    consumed += before.Length - buffer.Length;
                    Assert.False(parser.HasPartialInstruction);
                    break;
                case ParseResult.Error:
                    return new ReadOutcome(instructions, result, parser.Error);
                default:
                    Assert.Equal(before.Start, buffer.Start);
                    Assert.Equal(before.Length, buffer.Length);
                    if (available == whole.Length)
                    {
                        return new ReadOutcome(instructions, result, parser.Error);
                    }

                    available++;
                    break;
            }
        }
    }
}
