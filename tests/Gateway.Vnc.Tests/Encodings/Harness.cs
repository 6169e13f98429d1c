using System.Buffers;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Feeds decoders the way the driver does: whole, split in two, or growing one byte at a time.</summary>
internal static class Harness
{
    public static DecoderContext Context(PixelFormat? format = null, bool swap = false) =>
        new(format ?? PixelFormat.Bgrx32) { SwapRedBlue = swap };

    /// <summary>Decodes one whole payload; it must complete and consume exactly its bytes.</summary>
    public static void Whole(IRectangleDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, SurfaceSink sink)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload));
        Assert.Equal(DecodeStatus.Complete, decoder.Decode(ref reader, header, context, sink));
        Assert.Equal(payload.Length, reader.Consumed);
    }

    /// <summary>Status of decoding only what is there (for truncation and error tests).</summary>
    public static (DecodeStatus Status, long Consumed) Partial(IRectangleDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, SurfaceSink sink)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload));
        var status = decoder.Decode(ref reader, header, context, sink);
        return (status, reader.Consumed);
    }

    /// <summary>
    /// First the bytes before <paramref name="split"/>, then what was not consumed plus the rest, as a two-segment
    /// sequence; must complete and consume everything.
    /// </summary>
    public static void Split(IRectangleDecoder decoder, RectangleHeader header, byte[] payload, int split, DecoderContext context, SurfaceSink sink)
    {
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload, 0, split));
        if (decoder.Decode(ref first, header, context, sink) == DecodeStatus.Complete)
        {
            Assert.Equal(payload.Length, first.Consumed);
            return;
        }

        int from = (int)first.Consumed;
        var rest = TwoSegments(payload.AsMemory(from, split - from), payload.AsMemory(split));
        var second = new SequenceReader<byte>(rest);
        Assert.Equal(DecodeStatus.Complete, decoder.Decode(ref second, header, context, sink));
        Assert.Equal(payload.Length - from, second.Consumed);
    }

    /// <summary>Grows the available bytes one at a time, keeping what the decoder did not consume.</summary>
    public static void Bytewise(IRectangleDecoder decoder, RectangleHeader header, byte[] payload, DecoderContext context, SurfaceSink sink)
    {
        int consumed = 0;
        for (int end = 0; end <= payload.Length; end++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload, consumed, end - consumed));
            var status = decoder.Decode(ref reader, header, context, sink);
            consumed += (int)reader.Consumed;
            if (status == DecodeStatus.Complete)
            {
                Assert.Equal(payload.Length, end);
                Assert.Equal(payload.Length, consumed);
                return;
            }
        }

        Assert.Fail("the decoder never completed");
    }

    public static ReadOnlySequence<byte> TwoSegments(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b)
    {
        if (a.IsEmpty)
        {
            return new ReadOnlySequence<byte>(b);
        }

        var first = new Segment(a, 0);
        var second = first.Append(b);
        return new ReadOnlySequence<byte>(first, 0, second, b.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
