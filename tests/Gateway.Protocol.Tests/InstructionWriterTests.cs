using System.Buffers;
using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Gateway.Protocol.Tests.TestSupport;

namespace Gateway.Protocol.Tests;

public sealed class InstructionWriterTests
{
    [Fact]
    public void Integers_are_written_in_decimal()
    {
        Assert.Equal(
            "4.size,1.0,4.1024,3.768;",
            Write(w => InstructionWriter.Start(w, "size"u8).Add(0).Add(1024).Add(768).End()));
        Assert.Equal(
            "4.test,11.-2147483648,10.2147483647,20.-9223372036854775808,19.9223372036854775807,1.1,1.0;",
            Write(w => InstructionWriter.Start(w, "test"u8)
                .Add(int.MinValue).Add(int.MaxValue).Add(long.MinValue).Add(long.MaxValue).Add(true).Add(false).End()));
    }

    [Property(MaxTest = 1000)]
    public void Numbers_round_trip_through_their_decimal_elements(int i, long l, double d, bool b)
    {
        var stingy = new StingyBufferWriter();
        InstructionWriter.Start(stingy, "n"u8).Add(i).Add(l).Add(d).Add(b).End();

        string expected = new Instruction(
            "n",
            i.ToString(CultureInfo.InvariantCulture),
            l.ToString(CultureInfo.InvariantCulture),
            d.ToString("R", CultureInfo.InvariantCulture),
            b ? "1" : "0").ToString();
        Assert.Equal(expected, Encoding.UTF8.GetString(stingy.WrittenBytes));
    }

    [Theory]
    [InlineData(9, "1.9")]
    [InlineData(-9, "2.-9")]
    [InlineData(123456789, "9.123456789")]
    [InlineData(-123456789, "10.-123456789")]
    [InlineData(1234567890, "10.1234567890")]
    public void Integer_lengths_cross_into_two_digits(int value, string element)
    {
        var stingy = new StingyBufferWriter();
        InstructionWriter.Start(stingy, "x"u8).Add(value).Add((long)value).End();

        Assert.Equal($"1.x,{element},{element};", Encoding.UTF8.GetString(stingy.WrittenBytes));
    }

    [Theory]
    [InlineData(0.0, "1.0")]
    [InlineData(0.5, "3.0.5")]
    [InlineData(-45.25, "6.-45.25")]
    [InlineData(3.141592653589793, "17.3.141592653589793")]
    [InlineData(-1.7976931348623157E+308, "24.-1.7976931348623157E+308")]
    public void Doubles_are_written_invariantly_and_round_trip(double value, string element)
    {
        string wire = Write(w => InstructionWriter.Start(w, "arc"u8).Add(value).End());
        Assert.Equal($"3.arc,{element};", wire);

        var parser = new InstructionParser();
        Assert.Equal(ParseResult.Complete, parser.TryRead(Encoding.UTF8.GetBytes(wire), out var view, out _));
        Assert.True(view.TryGetDouble(0, out double back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Base64_blob_matches_the_framework_encoder_at_every_padding()
    {
        for (int length = 0; length <= 64; length++)
        {
            byte[] data = [.. Enumerable.Range(0, length).Select(i => (byte)(i * 37))];
            string expected = Convert.ToBase64String(data);

            var stingy = new StingyBufferWriter();
            InstructionWriter.Start(stingy, "blob"u8).Add(7).AddBase64(data).End();

            Assert.Equal($"4.blob,1.7,{expected.Length}.{expected};", Encoding.UTF8.GetString(stingy.WrittenBytes));
        }
    }

    [Fact]
    public void Largest_guacd_blob_fits_one_element()
    {
        byte[] data = new byte[6048];
        var output = new ArrayBufferWriter<byte>();
        InstructionWriter.Start(output, "blob"u8).Add(2).AddBase64(data).End();

        var parser = new InstructionParser();
        Assert.Equal(ParseResult.Complete, parser.TryRead(output.WrittenSpan, out var view, out _));
        Assert.Equal(8064, view.Arg(1).Length);
        Assert.Equal(data, Convert.FromBase64String(view.GetString(1)));
    }

    [Fact]
    public void Null_string_is_written_as_an_empty_element()
    {
        Assert.Equal("4.args,0.;", Write(w => InstructionWriter.Start(w, "args").Add((string?)null).End()));
    }

    [Fact]
    public void Lone_surrogates_are_sent_as_replacement_characters()
    {
        string wire = Write(w => InstructionWriter.Start(w, "name").Add("a\uD83Db").Add("\uDE00").End());

        Assert.Equal("4.name,3.a\uFFFDb,1.\uFFFD;", wire);
    }

    [Fact]
    public void Views_read_typed_arguments()
    {
        var parser = new InstructionParser();
        Assert.Equal(
            ParseResult.Complete,
            parser.TryRead("5.mouse,2.-5,3.200,3.abc,13.1700000000000,0.,3.1e3,3.NaN;"u8, out var view, out _));

        Assert.True(view.TryGetInt32(0, out int x));
        Assert.Equal(-5, x);
        Assert.True(view.TryGetInt32(1, out int y));
        Assert.Equal(200, y);
        Assert.False(view.TryGetInt32(2, out _));
        Assert.False(view.TryGetInt32(3, out _));
        Assert.True(view.TryGetInt64(3, out long ts));
        Assert.Equal(1_700_000_000_000, ts);
        Assert.False(view.TryGetInt32(4, out _));
        Assert.True(view.TryGetDouble(5, out double d));
        Assert.Equal(1000, d);
        Assert.False(view.TryGetDouble(6, out _));
        Assert.False(view.TryGetInt32(7, out _));
        Assert.False(view.TryGetInt64(-1, out _));
        Assert.False(view.TryGetDouble(99, out _));
    }

    [Fact]
    public void Default_view_is_empty_rather_than_broken()
    {
        InstructionView view = default;

        Assert.Equal(0, view.ArgCount);
        Assert.True(view.Opcode.IsEmpty);
        Assert.True(view.Arg(0).IsEmpty);
        Assert.False(view.IsInternal);
        Assert.Equal(string.Empty, view.OpcodeString);
    }

    private static string Write(Action<ArrayBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
