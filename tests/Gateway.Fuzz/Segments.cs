using System.Buffers;

namespace Gateway.Fuzz;

/// <summary>Cuts input into a linked multi-segment sequence, sizes derived deterministically from the input.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Build(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        // A small xorshift seeded from the input, so each input always splits the same way.
        uint state = (uint)data.Length * 2654435761u;
        foreach (byte b in data[..Math.Min(16, data.Length)])
        {
            state = (state ^ b) * 16777619u;
        }

        state |= 1;
        Segment? first = null;
        Segment? last = null;
        int at = 0;
        while (at < data.Length)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;

            // Mostly tiny pieces (to cut inside lengths, separators and UTF-8 sequences), sometimes empty ones,
            // sometimes large ones.
            int size = (state % 8) switch
            {
                0 => 0,
                7 => (int)(state >> 8) % 4096,
                _ => 1 + ((int)(state >> 8) % 16),
            };
            size = Math.Min(size, data.Length - at);
            var segment = new Segment(data.Slice(at, size).ToArray(), last);
            first ??= segment;
            last = segment;
            at += size;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, Segment? previous)
        {
            Memory = data;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
