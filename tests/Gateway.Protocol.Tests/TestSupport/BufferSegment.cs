using System.Buffers;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>One link of a hand-built multi-segment <see cref="ReadOnlySequence{T}"/>.</summary>
public sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    public BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public BufferSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new BufferSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}
