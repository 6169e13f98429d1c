using System.Buffers;
using System.Text;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

/// <summary>The golden vectors in tests/fixtures/protocol-vectors.json, decoded and encoded both ways.</summary>
public sealed class InstructionVectorTests
{
    public static TheoryData<string> Valid => ProtocolVectors.ValidNames;

    public static TheoryData<string> Invalid => ProtocolVectors.InvalidNames;

    [Fact]
    public void Fixture_covers_the_required_cases()
    {
        Assert.True(ProtocolVectors.Valid.Count >= 30);
        Assert.True(ProtocolVectors.Invalid.Count >= 30);
        Assert.Contains(ProtocolVectors.Invalid, v => v.Status == GuacamoleStatus.ClientOverrun);
        Assert.Contains(ProtocolVectors.Valid, v => v.Opcode.Length == 0);
        Assert.Contains(ProtocolVectors.Valid, v => v.Args.Any(a => a.EnumerateRunes().Any(r => r.Utf8SequenceLength == 4)));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_decodes_through_the_sequence_overload(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        var parser = new InstructionParser();
        var buffer = new ReadOnlySequence<byte>(vector.Wire);

        Assert.Equal(ParseResult.Complete, parser.TryRead(ref buffer, out var view));

        Assert.True(buffer.IsEmpty);
        Assert.Null(parser.Error);
        Assert.False(parser.HasPartialInstruction);
        AssertView(vector, view);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_decodes_through_the_span_overload(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        var parser = new InstructionParser();

        Assert.Equal(ParseResult.Complete, parser.TryRead(vector.Wire, out var view, out int consumed));

        Assert.Equal(vector.Wire.Length, consumed);
        AssertView(vector, view);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_decodes_when_followed_by_more_input(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        byte[] data = [.. vector.Wire, .. "3.nop;4.sync"u8];
        var parser = new InstructionParser();

        Assert.Equal(ParseResult.Complete, parser.TryRead(data, out var view, out int consumed));
        Assert.Equal(vector.Wire.Length, consumed);
        AssertView(vector, view);

        Assert.Equal(ParseResult.Complete, parser.TryRead(data.AsSpan(consumed), out view, out int second));
        Assert.Equal("nop", view.OpcodeString);
        Assert.Equal(ParseResult.NeedMoreData, parser.TryRead(data.AsSpan(consumed + second), out _, out int third));
        Assert.Equal(0, third);
        Assert.True(parser.HasPartialInstruction);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_encodes_to_its_canonical_wire(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        var instruction = new Instruction(vector.Opcode, vector.Args);

        // Instruction.WriteTo, into a writer that has to grow.
        var small = new ArrayBufferWriter<byte>(1);
        instruction.WriteTo(small);
        AssertBytes(vector.Canonical, small.WrittenSpan);

        // InstructionWriter from strings, into a writer that gives out no spare room.
        var stingy = new StingyBufferWriter();
        var writer = InstructionWriter.Start(stingy, vector.Opcode);
        foreach (var arg in vector.Args)
        {
            writer = writer.Add(arg);
        }

        writer.End();
        AssertBytes(vector.Canonical, stingy.WrittenBytes);

        // InstructionWriter from UTF-8.
        var utf8 = new ArrayBufferWriter<byte>();
        var w8 = InstructionWriter.Start(utf8, Encoding.UTF8.GetBytes(vector.Opcode));
        foreach (var arg in vector.Args)
        {
            w8 = w8.AddUtf8(Encoding.UTF8.GetBytes(arg));
        }

        w8.End();
        AssertBytes(vector.Canonical, utf8.WrittenSpan);

        // The one-call helper and the conveniences.
        var whole = new ArrayBufferWriter<byte>();
        InstructionWriter.Write(whole, vector.Opcode, vector.Args);
        AssertBytes(vector.Canonical, whole.WrittenSpan);
        AssertBytes(vector.Canonical, instruction.ToBytes());
        Assert.Equal(Encoding.UTF8.GetString(vector.Canonical), instruction.ToString());
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_round_trips_through_an_owned_instruction(string name)
    {
        var vector = ProtocolVectors.GetValid(name);
        var parser = new InstructionParser();
        Assert.Equal(ParseResult.Complete, parser.TryRead(vector.Wire, out var view, out _));

        var owned = view.ToInstruction();

        Assert.Equal(new Instruction(vector.Opcode, vector.Args), owned);
        Assert.Equal(new Instruction(vector.Opcode, vector.Args).GetHashCode(), owned.GetHashCode());
        AssertBytes(vector.Canonical, owned.ToBytes());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_vector_fails_with_its_status(string name)
    {
        var vector = ProtocolVectors.GetInvalid(name);

        var outcome = Reader.ReadAll(vector.Wire);

        Assert.Equal(ParseResult.Error, outcome.Final);
        Assert.Equal(vector.CompleteBefore, outcome.Instructions.Count);
        Assert.NotNull(outcome.Error);
        Assert.Equal(vector.Status, outcome.Error.Value.Status);
        AssertWellFormedMessage(outcome.Error.Value.Message);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_vector_fails_the_same_way_through_the_span_overload(string name)
    {
        var vector = ProtocolVectors.GetInvalid(name);

        var outcome = Reader.ReadAllSpan(vector.Wire);

        Assert.Equal(ParseResult.Error, outcome.Final);
        Assert.Equal(vector.CompleteBefore, outcome.Instructions.Count);
        Assert.Equal(vector.Status, outcome.Error?.Status);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parser_stays_failed_after_an_invalid_vector(string name)
    {
        var vector = ProtocolVectors.GetInvalid(name);
        var parser = new InstructionParser();
        var buffer = new ReadOnlySequence<byte>(vector.Wire);
        while (parser.TryRead(ref buffer, out _) == ParseResult.Complete)
        {
        }

        var error = parser.Error;
        Assert.NotNull(error);

        var good = new ReadOnlySequence<byte>("3.nop;"u8.ToArray());
        Assert.Equal(ParseResult.Error, parser.TryRead(ref good, out _));
        Assert.Equal(6, good.Length);
        Assert.Equal(ParseResult.Error, parser.TryRead("3.nop;"u8, out _, out int consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(error, parser.Error);

        parser.Reset();
        Assert.Null(parser.Error);
        Assert.Equal(ParseResult.Complete, parser.TryRead(ref good, out var view));
        Assert.True(view.Is("nop"u8));
    }

    internal static void AssertWellFormedMessage(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(message.ToLowerInvariant(), message);
        Assert.False(message.EndsWith('.'), message);
        Assert.All(message, c => Assert.InRange(c, ' ', '~'));
    }

    private static void AssertView(ValidVector vector, InstructionView view)
    {
        Assert.Equal(vector.Opcode, view.OpcodeString);
        AssertBytes(Encoding.UTF8.GetBytes(vector.Opcode), view.Opcode);
        Assert.True(view.Is(Encoding.UTF8.GetBytes(vector.Opcode)));
        Assert.Equal(vector.Opcode.Length == 0, view.IsInternal);
        Assert.Equal(vector.Args.Length, view.ArgCount);
        for (int i = 0; i < vector.Args.Length; i++)
        {
            Assert.Equal(vector.Args[i], view.GetString(i));
            AssertBytes(Encoding.UTF8.GetBytes(vector.Args[i]), view.Arg(i));
        }

        Assert.True(view.Arg(vector.Args.Length).IsEmpty);
        Assert.True(view.Arg(-1).IsEmpty);
        Assert.Equal(string.Empty, view.GetString(vector.Args.Length));
        AssertBytes(vector.Wire, view.Raw);
    }

    private static void AssertBytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
            Assert.Equal(expected.ToArray(), actual.ToArray());
        }
    }
}
