using System.Buffers;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

/// <summary>
/// The same input fed whole, in every two-way split across two segments, one byte at a time and one
/// byte per segment must give the same result; every strict prefix must be "need more data" and
/// leave the buffer where it was.
/// </summary>
public sealed class InstructionParserSplitTests
{
    /// <summary>Above this size a vector is split at a sample of points rather than at every one.</summary>
    private const int ExhaustiveSplitLimit = 2048;

    public static TheoryData<string> Valid => ProtocolVectors.ValidNames;

    public static TheoryData<string> Invalid => ProtocolVectors.InvalidNames;

    [Theory]
    [MemberData(nameof(Valid))]
    public void Every_two_way_split_of_a_valid_vector_decodes(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        byte[] wire = vector.Wire;
        var expected = new Instruction(vector.Opcode, vector.Args);

        foreach (int cut in SplitPoints(wire.Length))
        {
            // Fed whole as two segments.
            var direct = new InstructionParser();
            var split = Sequences.Split(wire, cut);
            Assert.Equal(ParseResult.Complete, direct.TryRead(ref split, out var view));
            Assert.True(split.IsEmpty);
            Assert.Equal(expected, view.ToInstruction());

            // First the prefix alone (need more data, nothing moves), then both segments.
            var parser = new InstructionParser();
            var prefix = new ReadOnlySequence<byte>(wire, 0, cut);
            var before = prefix;
            Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(ref prefix, out _));
            Assert.Equal(before.Start, prefix.Start);
            Assert.Equal(before.Length, prefix.Length);
            Assert.True(parser.HasPartialInstruction);

            var both = Sequences.Split(wire, cut);
            Assert.Equal(ParseResult.Complete, parser.TryRead(ref both, out view));
            Assert.True(both.IsEmpty);
            Assert.Equal(expected, view.ToInstruction());
            Assert.Equal(wire, view.Raw.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Every_strict_prefix_of_a_valid_vector_needs_more_data(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        byte[] wire = vector.Wire;
        var expected = new Instruction(vector.Opcode, vector.Args);
        // Byte-per-segment for ordinary sizes; for the 32 KiB vectors, small odd-sized segments keep the
        // number of segments (and the cost of slicing the sequence at every length) reasonable.
        var segmented = wire.Length <= ExhaustiveSplitLimit ? Sequences.BytePerSegment(wire) : Sequences.Chunked(wire, 61);

        // One parser per presentation, each called again with one more byte, as a pipe would.
        var contiguous = new InstructionParser();
        var perByte = new InstructionParser();
        var spans = new InstructionParser();
        for (int length = 0; length < wire.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(wire, 0, length);
            var before = buffer;
            Assert.Equal(ParseResult.NeedMoreData, contiguous.TryRead(ref buffer, out _));
            Assert.Equal(before.Start, buffer.Start);
            Assert.Equal(before.Length, buffer.Length);

            var pieces = segmented.Slice(0, length);
            var piecesBefore = pieces;
            Assert.Equal(ParseResult.NeedMoreData, perByte.TryRead(ref pieces, out _));
            Assert.Equal(piecesBefore.Start, pieces.Start);
            Assert.Equal(piecesBefore.Length, pieces.Length);

            Assert.Equal(ParseResult.NeedMoreData, spans.TryRead(wire.AsSpan(0, length), out _, out int consumed));
            Assert.Equal(0, consumed);

            Assert.Null(contiguous.Error);
            Assert.Null(perByte.Error);
            Assert.Null(spans.Error);
        }

        var whole = new ReadOnlySequence<byte>(wire);
        Assert.Equal(ParseResult.Complete, contiguous.TryRead(ref whole, out var view));
        Assert.Equal(expected, view.ToInstruction());

        var allPieces = segmented;
        Assert.Equal(ParseResult.Complete, perByte.TryRead(ref allPieces, out view));
        Assert.True(allPieces.IsEmpty);
        Assert.Equal(expected, view.ToInstruction());
        Assert.Equal(wire, view.Raw.ToArray());

        Assert.Equal(ParseResult.Complete, spans.TryRead(wire, out view, out int all));
        Assert.Equal(wire.Length, all);
        Assert.Equal(expected, view.ToInstruction());
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Fresh_parser_on_any_strict_prefix_needs_more_data(string name)
    {
        byte[] wire = ProtocolVectors.GetValid(name).Wire;
        foreach (int length in SplitPoints(wire.Length))
        {
            var parser = new InstructionParser();
            Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(wire.AsSpan(0, length), out _, out int consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Stream_of_instructions_decodes_identically_however_it_is_split()
    {
        var vectors = ProtocolVectors.Valid.Where(v => v.Wire.Length <= 200).ToList();
        Assert.True(vectors.Count >= 20);
        byte[] stream = [.. vectors.SelectMany(v => v.Wire)];
        var expected = vectors.Select(v => new Instruction(v.Opcode, v.Args)).ToList();

        AssertDecodes(expected, Reader.ReadAll(stream));
        AssertDecodes(expected, Reader.ReadAllSpan(stream));
        AssertDecodes(expected, Reader.ReadAll(Sequences.BytePerSegment(stream)));
        AssertDecodes(expected, Reader.ReadGrowing(new ReadOnlySequence<byte>(stream)));
        AssertDecodes(expected, Reader.ReadGrowing(Sequences.BytePerSegment(stream)));
        for (int size = 2; size <= 17; size++)
        {
            AssertDecodes(expected, Reader.ReadAll(Sequences.Chunked(stream, size, withEmptySegments: true)));
            AssertDecodes(expected, Reader.ReadGrowing(Sequences.Chunked(stream, size)));
        }

        for (int cut = 1; cut < stream.Length; cut++)
        {
            AssertDecodes(expected, Reader.ReadAll(Sequences.Split(stream, cut)));
        }
    }

    [Fact]
    public void Stream_of_large_instructions_decodes_across_pipe_sized_segments()
    {
        var vectors = ProtocolVectors.Valid.ToList();
        byte[] stream = [.. vectors.SelectMany(v => v.Wire)];
        var expected = vectors.Select(v => new Instruction(v.Opcode, v.Args)).ToList();

        foreach (int size in new[] { 4096, 4095, 1000, 8193, 32768 })
        {
            AssertDecodes(expected, Reader.ReadAll(Sequences.Chunked(stream, size)));
            AssertDecodes(expected, Reader.ReadAll(Sequences.Chunked(stream, size, withEmptySegments: true)));
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_vector_fails_the_same_way_however_it_is_split(string name)
    {
        var vector = ProtocolVectors.GetInvalid(name);
        byte[] wire = vector.Wire;
        var whole = Reader.ReadAll(wire);
        Assert.Equal(ParseResult.Error, whole.Final);
        Assert.Equal(vector.Status, whole.Error?.Status);

        AssertSame(whole, Reader.ReadAll(Sequences.BytePerSegment(wire)));
        AssertSame(whole, Reader.ReadGrowing(new ReadOnlySequence<byte>(wire)));
        AssertSame(whole, Reader.ReadGrowing(Sequences.Chunked(wire, wire.Length <= ExhaustiveSplitLimit ? 7 : 509)));
        foreach (int cut in SplitPoints(wire.Length))
        {
            AssertSame(whole, Reader.ReadAll(Sequences.Split(wire, cut)));
        }
    }

    [Fact]
    public void Empty_buffer_needs_more_data_and_leaves_no_partial_instruction()
    {
        var parser = new InstructionParser();
        var empty = ReadOnlySequence<byte>.Empty;

        Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(ref empty, out _));
        Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(ReadOnlySpan<byte>.Empty, out _, out _));
        Assert.False(parser.HasPartialInstruction);
        Assert.Null(parser.Error);
    }

    [Fact]
    public void Partial_instruction_survives_empty_segments()
    {
        byte[] wire = "4.sync,13.1700000000123;"u8.ToArray();
        var parser = new InstructionParser();
        var sequence = Sequences.Split(wire, 0, 3, 3, 3, 10, wire.Length);

        Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(wire.AsSpan(0, 3), out _, out _));
        Assert.Equal(ParseResult.Complete, parser.TryRead(ref sequence, out var view));
        Assert.Equal("1700000000123", view.GetString(0));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void Buffer_that_shrinks_between_calls_is_a_server_error_not_an_exception()
    {
        var parser = new InstructionParser();
        Assert.Equal(ParseResult.NeedMoreData, parser.TryRead("4.sync,1"u8, out _, out _));

        Assert.Equal(ParseResult.Error, parser.TryRead("4.s"u8, out _, out _));
        Assert.Equal(GuacamoleStatus.ServerError, parser.Error?.Status);
    }

    private static IEnumerable<int> SplitPoints(int length)
    {
        if (length <= ExhaustiveSplitLimit)
        {
            return Enumerable.Range(1, Math.Max(0, length - 1));
        }

        // Both ends exhaustively, the middle at a stride that is prime so it lands at varied offsets.
        return Enumerable.Range(1, 64)
            .Concat(Enumerable.Range(length - 64, 64))
            .Concat(Enumerable.Range(0, length / 211).Select(i => 65 + (i * 211)))
            .Where(p => p > 0 && p < length)
            .Distinct()
            .Order();
    }

    private static void AssertDecodes(IReadOnlyList<Instruction> expected, ReadOutcome outcome)
    {
        Assert.Null(outcome.Error);
        Assert.Equal(ParseResult.NeedMoreData, outcome.Final);
        Assert.Equal(expected, outcome.Instructions);
    }

    private static void AssertSame(ReadOutcome expected, ReadOutcome actual)
    {
        Assert.True(expected.SameAs(actual), $"expected {expected} but got {actual}");
    }
}
