using System.Text;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

/// <summary>Every limit in <see cref="ProtocolLimits"/> is honoured at its configured value, not just guacd's.</summary>
public sealed class InstructionParserLimitsTests
{
    private static readonly ProtocolLimits Small = new()
    {
        MaxElementLength = 5,
        MaxElements = 3,
        MaxInstructionBytes = 24,
        MaxLengthDigits = 2,
    };

    [Theory]
    [InlineData("5.abcde;")]
    [InlineData("1.a,1.b,1.c;")]
    [InlineData("05.abcde;")]
    [InlineData("5.aaaaa,5.bbbbb,5.ccccc;")]
    public void Input_at_the_limits_parses(string wire)
    {
        var outcome = Reader.ReadAll(Encoding.UTF8.GetBytes(wire), Small);

        Assert.Single(outcome.Instructions);
        Assert.Equal(ParseResult.NeedMoreData, outcome.Final);
    }

    [Theory]
    [InlineData("6.abcdef;", GuacamoleStatus.ClientOverrun)]
    [InlineData("1.a,1.b,1.c,1.d;", GuacamoleStatus.ClientOverrun)]
    [InlineData("005.abcde;", GuacamoleStatus.ClientBadRequest)]
    [InlineData("05.aaaaa,5.bbbbb,5.ccccc;", GuacamoleStatus.ClientOverrun)]
    public void Input_past_the_limits_fails(string wire, GuacamoleStatus status)
    {
        byte[] data = Encoding.UTF8.GetBytes(wire);

        var outcome = Reader.ReadAll(data, Small);

        Assert.Equal(ParseResult.Error, outcome.Final);
        Assert.Equal(status, outcome.Error?.Status);
        Assert.True(outcome.SameAs(Reader.ReadGrowing(Sequences.BytePerSegment(data), Small)));
    }

    [Fact]
    public void Instruction_limit_counts_bytes_not_code_points()
    {
        // 5 code points but 20 bytes of UTF-8: "1.x," (4) + "5." (2) + 20 + ";" (1) = 27 bytes > 24.
        var outcome = Reader.ReadAll(Encoding.UTF8.GetBytes("1.x,5.\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600;"), Small);

        Assert.Equal(GuacamoleStatus.ClientOverrun, outcome.Error?.Status);
    }

    [Theory]
    [InlineData("99999999999.a;")]
    [InlineData("2147483648.a;")]
    [InlineData("4294967301.a;")]
    [InlineData("9999999999999999999999.a;")]
    public void Huge_length_prefixes_fail_cleanly_even_with_generous_limits(string wire)
    {
        var generous = new ProtocolLimits
        {
            MaxElementLength = int.MaxValue,
            MaxLengthDigits = 30,
            MaxInstructionBytes = 1 << 20,
        };

        var outcome = Reader.ReadAll(Encoding.UTF8.GetBytes(wire), generous);

        Assert.Equal(ParseResult.Error, outcome.Final);
        Assert.NotNull(outcome.Error);
    }

    [Theory]
    [InlineData(-1, 128, 32768, 10)]
    [InlineData(8192, 0, 32768, 10)]
    [InlineData(8192, 128, 0, 10)]
    [InlineData(8192, 128, 32768, 0)]
    public void Nonsensical_limits_are_rejected_up_front(int element, int elements, int bytes, int digits)
    {
        var limits = new ProtocolLimits
        {
            MaxElementLength = element,
            MaxElements = elements,
            MaxInstructionBytes = bytes,
            MaxLengthDigits = digits,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new InstructionParser(limits));
    }
}
