using System.Buffers;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>Builds multi-segment sequences the way a pipe might present them.</summary>
public static class Sequences
{
    /// <summary>A sequence whose segments are <paramref name="data"/> cut at <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cuts);

        // Each segment gets its own array so that nothing can read across a boundary by accident.
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts.Append(data.Length))
        {
            pieces.Add(data[start..cut]);
            start = cut;
        }

        var first = new BufferSegment(pieces[0]);
        var last = first;
        foreach (var piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every byte in its own segment.</summary>
    public static ReadOnlySequence<byte> BytePerSegment(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Length == 0
            ? ReadOnlySequence<byte>.Empty
            : Split(data, [.. Enumerable.Range(1, data.Length - 1)]);
    }

    /// <summary>Segments of <paramref name="size"/> bytes, with an empty segment after each.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] data, int size, bool withEmptySegments = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cuts = new List<int>();
        for (int at = size; at < data.Length; at += size)
        {
            cuts.Add(at);
            if (withEmptySegments)
            {
                cuts.Add(at);
            }
        }

        return Split(data, [.. cuts]);
    }
}
