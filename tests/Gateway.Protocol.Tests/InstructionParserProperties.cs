using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

/// <summary>Round trips writer → parser, and "any bytes give a value or a typed error, never an exception".</summary>
public sealed class InstructionParserProperties
{
    [Property(MaxTest = 500, Arbitrary = [typeof(ProtocolArbitraries)])]
    public void Anything_written_parses_back_as_sent(InstructionCase c)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = InstructionWriter.Start(output, c.Opcode);
        foreach (var arg in c.Args)
        {
            writer = writer.Add(arg);
        }

        writer.End();
        byte[] wire = output.WrittenSpan.ToArray();

        // Lengths count code points: an astral character is one, a lone surrogate is one U+FFFD.
        Assert.True(System.Text.Unicode.Utf8.IsValid(wire));
        var parser = new InstructionParser();
        Assert.Equal(ParseResult.Complete, parser.TryRead(wire, out var view, out int consumed));
        Assert.Equal(wire.Length, consumed);
        Assert.Equal(ProtocolArbitraries.AsSent(c.Opcode), view.OpcodeString);
        Assert.Equal(c.Args.Length, view.ArgCount);
        for (int i = 0; i < c.Args.Length; i++)
        {
            Assert.Equal(ProtocolArbitraries.AsSent(c.Args[i]), view.GetString(i));
        }

        // The owned form writes the same bytes.
        Assert.Equal(wire, new Instruction(c.Opcode, c.Args).ToBytes());
        Assert.Equal(wire, view.ToInstruction().ToBytes());
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(ProtocolArbitraries)])]
    public void Stream_of_written_instructions_parses_back_across_random_segments(InstructionCase[] cases, int seed)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var c in cases)
        {
            new Instruction(c.Opcode, c.Args).WriteTo(output);
        }

        byte[] stream = output.WrittenSpan.ToArray();
        var expected = cases
            .Select(c => new Instruction(ProtocolArbitraries.AsSent(c.Opcode), [.. c.Args.Select(ProtocolArbitraries.AsSent)]))
            .ToList();

        var outcome = Reader.ReadAll(RandomSegments(stream, seed));

        Assert.Null(outcome.Error);
        Assert.Equal(ParseResult.NeedMoreData, outcome.Final);
        Assert.Equal(expected, outcome.Instructions);
    }

    [Property(MaxTest = 1000)]
    public void Random_bytes_give_a_result_or_a_typed_error(byte[] data, int seed) => AssertNeverThrows(data, seed);

    [Fact]
    public void Protocol_shaped_bytes_give_a_result_or_a_typed_error()
    {
        Prop.ForAll(
                Arb.From(Gen.Zip(ProtocolArbitraries.ProtocolishBytes, Gen.Choose(0, int.MaxValue))),
                input => AssertNeverThrows(input.Item1, input.Item2))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Protocol_shaped_bytes_reach_every_outcome()
    {
        // Guards the generator: if it never produced these, the property above would prove little.
        var samples = ProtocolArbitraries.ProtocolishBytes.Sample(2000, 100);
        var outcomes = samples.Select(s => Reader.ReadAll(s)).ToList();

        Assert.Contains(outcomes, o => o.Instructions.Count > 0);
        Assert.Contains(outcomes, o => o.Final == ParseResult.NeedMoreData);
        Assert.Contains(outcomes, o => o.Error?.Status == GuacamoleStatus.ClientBadRequest);
        Assert.Contains(outcomes, o => o.Error?.Status == GuacamoleStatus.ClientOverrun);
    }

    private static void AssertNeverThrows(byte[] data, int seed)
    {
        // Any exception fails the property; a result must be consistent however the bytes arrive.
        var whole = Reader.ReadAll(data);
        var spans = Reader.ReadAllSpan(data);
        var pieces = Reader.ReadAll(RandomSegments(data, seed));
        var growing = Reader.ReadGrowing(new ReadOnlySequence<byte>(data));

        Assert.True(whole.SameAs(spans), $"{whole} vs span {spans}");
        Assert.True(whole.SameAs(pieces), $"{whole} vs segments {pieces}");
        Assert.True(whole.SameAs(growing), $"{whole} vs growing {growing}");

        if (whole.Final == ParseResult.Error)
        {
            Assert.NotNull(whole.Error);
            Assert.Contains(whole.Error.Value.Status, new[] { GuacamoleStatus.ClientBadRequest, GuacamoleStatus.ClientOverrun });
            InstructionVectorTests.AssertWellFormedMessage(whole.Error.Value.Message);
        }
        else
        {
            Assert.Equal(ParseResult.NeedMoreData, whole.Final);
            Assert.Null(whole.Error);
        }

        // Whatever parsed must re-encode to something that parses to the same instruction.
        foreach (var instruction in whole.Instructions)
        {
            var again = Reader.ReadAll(instruction.ToBytes());
            Assert.Equal([instruction], again.Instructions);
        }
    }

    private static ReadOnlySequence<byte> RandomSegments(byte[] data, int seed)
    {
        var random = new Random(seed);
        var cuts = new List<int>();
        int at = 0;
        while (at < data.Length)
        {
            cuts.Add(at);
            at += random.Next(0, 9);
        }

        return Sequences.Split(data, [.. cuts]);
    }
}
