using System.Buffers;
using System.Text;
using Gateway.Protocol.Handshake;

namespace Gateway.Protocol.Tests.Handshake;

/// <summary>Transcripts of the server side of the handshake (GUACAMOLE.md §1.3).</summary>
public sealed class ServerHandshakeTests
{
    private const long Start = 1_000_000;

    private static readonly string[] VncParameters = ["hostname", "port", "password"];

    private static readonly string[] OptionInstructions =
    [
        "4.size,4.1920,4.1080,3.144;",
        "5.audio,9.audio/L16,8.audio/L8;",
        "5.video;",
        "5.image,9.image/png,10.image/jpeg,10.image/webp;",
        "8.timezone,13.Europe/Berlin;",
        "4.name,5.alice;",
    ];

    [Fact]
    public void Full_1_5_0_handshake_transcript()
    {
        var handshake = new ServerHandshake(Start);
        Assert.Equal(HandshakePhase.AwaitingSelect, handshake.Phase);

        Assert.Equal([HandshakeEvent.Selected], Feed(handshake, "6.select,3.vnc;"));
        Assert.Equal(HandshakePhase.Selected, handshake.Phase);
        Assert.Equal("vnc", handshake.Selected);
        Assert.False(handshake.IsJoin);

        var output = new ArrayBufferWriter<byte>();
        handshake.WriteArgs(output, VncParameters);
        Assert.Equal("4.args,13.VERSION_1_5_0,8.hostname,4.port,8.password;", Written(output));
        Assert.Equal(HandshakePhase.AwaitingConnect, handshake.Phase);
        Assert.Equal(VncParameters, handshake.ParameterNames);

        Assert.All(Feed(handshake, string.Concat(OptionInstructions)), e => Assert.Equal(HandshakeEvent.None, e));
        Assert.Equal(HandshakePhase.AwaitingConnect, handshake.Phase);

        Assert.Equal(
            [HandshakeEvent.Completed],
            Feed(handshake, "7.connect,13.VERSION_1_5_0,9.127.0.0.1,4.5900,6.s3cr3t;"));
        Assert.Equal(HandshakePhase.Completed, handshake.Phase);
        Assert.Null(handshake.Error);

        AssertFullClientInfo(handshake.Client);
        Assert.Equal(ProtocolVersion.V1_5_0, handshake.Client.Version);
        Assert.Equal(
            new Dictionary<string, string> { ["hostname"] = "127.0.0.1", ["port"] = "5900", ["password"] = "s3cr3t" },
            handshake.Arguments);

        var ready = new ArrayBufferWriter<byte>();
        ServerHandshake.WriteReady(ready, "$4f1e2d3c-0000-4000-8000-123456789abc");
        Assert.Equal("5.ready,37.$4f1e2d3c-0000-4000-8000-123456789abc;", Written(ready));
        Assert.False(handshake.HasTimedOut(Start + 3_600_000));
    }

    [Fact]
    public void Handshake_instructions_are_accepted_in_any_order()
    {
        int orders = 0;
        foreach (var order in Permutations(OptionInstructions))
        {
            var handshake = Selected("rdp", "hostname");
            Assert.All(Feed(handshake, string.Concat(order)), e => Assert.Equal(HandshakeEvent.None, e));
            Assert.Equal([HandshakeEvent.Completed], Feed(handshake, "7.connect,13.VERSION_1_5_0,4.host;"));
            AssertFullClientInfo(handshake.Client);
            orders++;
        }

        Assert.Equal(720, orders);
    }

    [Fact]
    public void Options_may_arrive_before_args_is_sent()
    {
        var handshake = new ServerHandshake(Start);
        Feed(handshake, "6.select,3.ssh;" + string.Concat(OptionInstructions));
        Assert.Equal(HandshakePhase.Selected, handshake.Phase);

        handshake.WriteArgs(new ArrayBufferWriter<byte>(), ["hostname"]);
        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, "7.connect,13.VERSION_1_5_0,4.host;"));
        AssertFullClientInfo(handshake.Client);
    }

    [Fact]
    public void Client_that_sends_an_empty_version_is_1_0_0()
    {
        var handshake = Selected("vnc", VncParameters);

        Feed(handshake, "4.size,4.1024,3.768;5.audio;5.video;5.image,9.image/png;");
        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, "7.connect,0.,9.localhost,4.5901,0.;"));

        Assert.Equal(ProtocolVersion.V1_0_0, handshake.Client.Version);
        Assert.Equal("localhost", handshake.Arguments["hostname"]);
        Assert.Equal(string.Empty, handshake.Arguments["password"]);
        Assert.Equal(1024, handshake.Client.Width);
        Assert.Equal(768, handshake.Client.Height);
        Assert.Equal(96, handshake.Client.Dpi);
        Assert.Null(handshake.Client.Timezone);
        Assert.Null(handshake.Client.Name);
    }

    [Theory]
    [InlineData("VERSION_1_6_0", ProtocolVersion.V1_5_0)]
    [InlineData("VERSION_1_5_0", ProtocolVersion.V1_5_0)]
    [InlineData("VERSION_2_0_0", ProtocolVersion.V1_5_0)]
    [InlineData("VERSION_1_3_0", ProtocolVersion.V1_3_0)]
    [InlineData("VERSION_1_1_0", ProtocolVersion.V1_1_0)]
    [InlineData("VERSION_1_0_0", ProtocolVersion.V1_0_0)]
    [InlineData("", ProtocolVersion.V1_0_0)]
    [InlineData("hostname", ProtocolVersion.V1_0_0)]
    public void Connect_version_is_negotiated_to_one_we_speak(string version, ProtocolVersion expected)
    {
        var handshake = Selected("vnc", "hostname");
        var wire = Encode("connect", version, "h");

        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, wire));
        Assert.Equal(expected, handshake.Client.Version);
    }

    [Theory]
    [InlineData("7.connect;")]
    [InlineData("7.connect,13.VERSION_1_5_0;")]
    [InlineData("7.connect,13.VERSION_1_5_0,4.host,4.5900;")]
    [InlineData("7.connect,13.VERSION_1_5_0,4.host,4.5900,6.s3cr3t,5.extra;")]
    [InlineData("7.connect,4.host,4.5900,6.s3cr3t;")]
    public void Connect_with_the_wrong_number_of_values_fails(string connect)
    {
        var handshake = Selected("vnc", VncParameters);

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, connect));

        Assert.Equal(HandshakePhase.Failed, handshake.Phase);
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
        Assert.DoesNotContain("s3cr3t", handshake.Error?.Message, StringComparison.Ordinal);
        InstructionVectorTests.AssertWellFormedMessage(handshake.Error!.Value.Message);
        Assert.Throws<InvalidOperationException>(() => handshake.Arguments);

        // A failed handshake stays failed.
        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, "7.connect,13.VERSION_1_5_0,4.host,4.5900,6.s3cr3t;"));
    }

    [Theory]
    [InlineData("4.size,4.1024,3.768;")]
    [InlineData("7.connect,13.VERSION_1_5_0;")]
    [InlineData("0.,4.ping,13.1700000000000;")]
    [InlineData("3.nop;")]
    [InlineData("6.SELECT,3.vnc;")]
    public void First_instruction_must_be_select(string first)
    {
        var handshake = new ServerHandshake(Start);

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, first));

        Assert.Equal(HandshakePhase.Failed, handshake.Phase);
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
        Assert.Null(handshake.Selected);
    }

    [Theory]
    [InlineData("6.select;")]
    [InlineData("6.select,3.vnc,3.rdp;")]
    [InlineData("6.select,0.;")]
    public void Select_needs_exactly_one_non_empty_argument(string select)
    {
        var handshake = new ServerHandshake(Start);

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, select));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
    }

    [Fact]
    public void Select_identifier_is_bounded_in_code_points()
    {
        var longest = new ServerHandshake(Start);
        string id = string.Concat(Enumerable.Repeat("😀", ServerHandshake.MaxIdentifierLength));
        Assert.Equal([HandshakeEvent.Selected], Feed(longest, Encode("select", id)));
        Assert.Equal(id, longest.Selected);

        var tooLong = new ServerHandshake(Start);
        Assert.Equal([HandshakeEvent.Failed], Feed(tooLong, Encode("select", new string('a', ServerHandshake.MaxIdentifierLength + 1))));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, tooLong.Error?.Status);
    }

    [Fact]
    public void Select_of_a_connection_id_is_a_join()
    {
        var handshake = new ServerHandshake(Start);
        Feed(handshake, "6.select,37.$4f1e2d3c-0000-4000-8000-123456789abc;");

        Assert.True(handshake.IsJoin);
        Assert.Equal("$4f1e2d3c-0000-4000-8000-123456789abc", handshake.Selected);
    }

    [Fact]
    public void Timeout_is_judged_on_the_clock_passed_in()
    {
        var handshake = new ServerHandshake(Start);

        Assert.False(handshake.HasTimedOut(Start));
        Assert.Equal(15_000, handshake.RemainingMs(Start));
        Assert.False(handshake.HasTimedOut(Start + 14_999));
        Assert.Equal(1, handshake.RemainingMs(Start + 14_999));
        Assert.True(handshake.HasTimedOut(Start + 15_000));
        Assert.Equal(0, handshake.RemainingMs(Start + 20_000));

        var custom = new ServerHandshake(Start, TimeSpan.FromSeconds(2));
        Feed(custom, "6.select,3.vnc;");
        Assert.False(custom.HasTimedOut(Start + 1_999));
        Assert.True(custom.HasTimedOut(Start + 2_000));

        custom.Abort(GuacamoleStatus.ClientTimeout, "handshake timed out");
        Assert.Equal(HandshakePhase.Failed, custom.Phase);
        Assert.Equal(new ProtocolError(GuacamoleStatus.ClientTimeout, "handshake timed out"), custom.Error);
        Assert.False(custom.HasTimedOut(Start + 60_000));
    }

    [Fact]
    public void Completed_handshake_no_longer_times_out()
    {
        var handshake = Selected("vnc", "hostname");
        Feed(handshake, "7.connect,13.VERSION_1_5_0,1.h;");

        Assert.False(handshake.HasTimedOut(Start + 60_000));
    }

    [Fact]
    public void Values_with_separators_and_injection_attempts_survive_intact()
    {
        string[] names = ["pass;word", "a,b", "x.y"];
        string[] values = ["p;a,s.s", "7.connect,0.;", "4.size,1.0,1.1,1.1;😀"];
        var handshake = Selected("vnc", names);
        Assert.Equal("4.args,13.VERSION_1_5_0,9.pass;word,3.a,b,3.x.y;", Written(WriteArgsAgain(names)));

        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, Encode("connect", ["VERSION_1_5_0", .. values])));

        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(values[i], handshake.Arguments[names[i]]);
        }

        Assert.Equal(1024, handshake.Client.Width);
    }

    [Fact]
    public void Size_with_and_without_dpi()
    {
        var withDpi = Selected("vnc");
        Feed(withDpi, "4.size,4.2560,4.1440,3.192;");
        Assert.Equal((2560, 1440, 192), (withDpi.Client.Width, withDpi.Client.Height, withDpi.Client.Dpi));

        var withoutDpi = Selected("vnc");
        Feed(withoutDpi, "4.size,3.800,3.600;");
        Assert.Equal((800, 600, 96), (withoutDpi.Client.Width, withoutDpi.Client.Height, withoutDpi.Client.Dpi));

        var clamped = Selected("vnc");
        Feed(clamped, "4.size,5.99999,5.10000,4.5000;");
        Assert.Equal((8192, 8192, 1200), (clamped.Client.Width, clamped.Client.Height, clamped.Client.Dpi));

        var lastWins = Selected("vnc");
        Feed(lastWins, "4.size,3.800,3.600;4.size,4.1280,3.720,2.96;");
        Assert.Equal((1280, 720), (lastWins.Client.Width, lastWins.Client.Height));
    }

    [Theory]
    [InlineData("4.size;")]
    [InlineData("4.size,4.1024;")]
    [InlineData("4.size,1.0,3.768;")]
    [InlineData("4.size,4.1024,2.-1;")]
    [InlineData("4.size,4.wide,3.768;")]
    [InlineData("4.size,11.99999999999,3.768;")]
    [InlineData("4.size,4.1024,3.768,1.0;")]
    [InlineData("4.size,4.1024,3.768,3.dpi;")]
    public void Bad_size_fails(string size)
    {
        var handshake = Selected("vnc");

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, size));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
    }

    [Fact]
    public void Unknown_and_internal_instructions_are_ignored()
    {
        var handshake = Selected("vnc", "hostname");

        var events = Feed(handshake, "3.nop;3.key,5.65307,1.1;0.,4.ping,13.1700000000000;8.whatever,1.x;8.timezone;4.name;");

        Assert.All(events, e => Assert.Equal(HandshakeEvent.None, e));
        Assert.Equal(HandshakePhase.AwaitingConnect, handshake.Phase);
        Assert.Null(handshake.Client.Timezone);
        Assert.Null(handshake.Client.Name);
        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, "7.connect,13.VERSION_1_5_0,1.h;"));
    }

    [Fact]
    public void Mimetype_lists_are_bounded()
    {
        var handshake = Selected("vnc");
        var many = Enumerable.Range(0, 100).Select(i => $"image/x-{i}").ToArray();

        Feed(handshake, Encode("image", many));

        Assert.Equal(ServerHandshake.MaxMimetypes, handshake.Client.ImageMimetypes.Count);
        Assert.Equal(many.Take(ServerHandshake.MaxMimetypes), handshake.Client.ImageMimetypes);
    }

    [Fact]
    public void Connect_before_args_is_sent_fails()
    {
        var handshake = new ServerHandshake(Start);
        Feed(handshake, "6.select,3.vnc;");

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, "7.connect,13.VERSION_1_5_0;"));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
    }

    [Fact]
    public void Instruction_after_completion_fails_the_handshake()
    {
        var handshake = Selected("vnc", "hostname");
        Feed(handshake, "7.connect,13.VERSION_1_5_0,1.h;");

        Assert.Equal([HandshakeEvent.Failed], Feed(handshake, "7.connect,13.VERSION_1_5_0,1.h;"));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, handshake.Error?.Status);
    }

    [Fact]
    public void Args_is_written_once_and_only_after_select()
    {
        var early = new ServerHandshake(Start);
        Assert.Throws<InvalidOperationException>(() => early.WriteArgs(new ArrayBufferWriter<byte>(), ["hostname"]));

        var twice = Selected("vnc", "hostname");
        Assert.Throws<InvalidOperationException>(() => twice.WriteArgs(new ArrayBufferWriter<byte>(), ["hostname"]));
    }

    [Fact]
    public void Args_with_no_parameters_and_a_connect_with_only_the_version()
    {
        var handshake = new ServerHandshake(Start);
        Feed(handshake, "6.select,4.test;");
        var output = new ArrayBufferWriter<byte>();
        handshake.WriteArgs(output, []);

        Assert.Equal("4.args,13.VERSION_1_5_0;", Written(output));
        Assert.Equal([HandshakeEvent.Completed], Feed(handshake, "7.connect,13.VERSION_1_5_0;"));
        Assert.Empty(handshake.Arguments);
    }

    [Fact]
    public void Error_instruction_bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        ServerHandshake.WriteError(output, new ProtocolError(GuacamoleStatus.ClientTimeout, "User is not responding."));

        Assert.Equal("5.error,23.User is not responding.,3.776;", Written(output));
    }

    private static void AssertFullClientInfo(ClientInfo client)
    {
        Assert.Equal(1920, client.Width);
        Assert.Equal(1080, client.Height);
        Assert.Equal(144, client.Dpi);
        Assert.Equal(["audio/L16", "audio/L8"], client.AudioMimetypes);
        Assert.Empty(client.VideoMimetypes);
        Assert.Equal(["image/png", "image/jpeg", "image/webp"], client.ImageMimetypes);
        Assert.Equal("Europe/Berlin", client.Timezone);
        Assert.Equal("alice", client.Name);
    }

    /// <summary>A handshake that has received <c>select</c> and sent <c>args</c>.</summary>
    private static ServerHandshake Selected(string protocol, params string[] parameters)
    {
        var handshake = new ServerHandshake(Start);
        Assert.Equal([HandshakeEvent.Selected], Feed(handshake, Encode("select", protocol)));
        handshake.WriteArgs(new ArrayBufferWriter<byte>(), parameters);
        return handshake;
    }

    private static ArrayBufferWriter<byte> WriteArgsAgain(string[] names)
    {
        var handshake = new ServerHandshake(Start);
        Feed(handshake, "6.select,3.vnc;");
        var output = new ArrayBufferWriter<byte>();
        handshake.WriteArgs(output, names);
        return output;
    }

    /// <summary>Parses <paramref name="wire"/> and feeds every instruction; the wire must end on a boundary.</summary>
    private static List<HandshakeEvent> Feed(ServerHandshake handshake, string wire)
    {
        var parser = new InstructionParser();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));
        var events = new List<HandshakeEvent>();
        while (parser.TryRead(ref buffer, out var instruction) == ParseResult.Complete)
        {
            events.Add(handshake.Receive(instruction));
        }

        Assert.Null(parser.Error);
        Assert.True(buffer.IsEmpty, "transcript must end on an instruction boundary");
        return events;
    }

    private static string Encode(string opcode, params string[] args) => new Instruction(opcode, args).ToString();

    private static string Written(ArrayBufferWriter<byte> output) => Encoding.UTF8.GetString(output.WrittenSpan);

    private static IEnumerable<T[]> Permutations<T>(T[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            T[] rest = [.. items[..i], .. items[(i + 1)..]];
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
