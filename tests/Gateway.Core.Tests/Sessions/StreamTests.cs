using System.Globalization;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

public sealed class StreamTests
{
    [Fact]
    public async Task Clipboard_reaches_the_back_end_and_is_echoed_to_every_user_on_an_odd_stream()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "j");
        var text = Encoding.UTF8.GetBytes("hello, clipboard; with \u00e9 and \U0001F600");

        await owner.SendStreamAsync("clipboard", 3, "text/plain", null, text, chunk: 10);

        foreach (var user in new[] { owner, joiner })
        {
            var (mimetype, index, data) = await ReadClipboardAsync(user);
            Assert.Equal("text/plain", mimetype);
            Assert.Equal(1, index & 1);
            Assert.Equal(text, data);
        }

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Clipboard_delivers_exact_bytes_and_mimetype_to_the_back_end()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var data = Enumerable.Range(0, 20000).Select(i => (byte)(i * 7)).ToArray();

        await owner.SendStreamAsync("clipboard", 0, "application/octet-stream", null, data, chunk: 6048);

        var e = await Assert.Single(probe.Sessions).NextAsync("clipboard");
        Assert.Equal("application/octet-stream", e.Detail);
        Assert.Equal(data, e.Data);
        Assert.Equal(owner.User.Id, e.UserId);
        Assert.DoesNotContain(await owner.PingAsync(), i => i.Opcode == "ack"); // guacd does not ack clipboard streams
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_large_clipboard_echo_is_split_into_blobs_that_fit_the_protocol()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var data = Enumerable.Range(0, 20000).Select(i => (byte)('a' + (i % 26))).ToArray();

        await owner.SendStreamAsync("clipboard", 1, "text/plain", null, data, chunk: 6000);

        await owner.ExpectAsync("clipboard");
        var blobs = (await owner.ReadUntilAsync(i => i.Opcode == "end")).Where(i => i.Opcode == "blob").ToList();
        Assert.Equal(4, blobs.Count);
        Assert.All(blobs, b => Assert.True(b.Args[1].Length <= 8192));
        Assert.Equal(data, blobs.SelectMany(b => Convert.FromBase64String(b.Args[1])).ToArray());
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Clipboard_over_the_limit_is_truncated_to_the_limit()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        var options = new SessionOptions { MaxClipboardBytes = 16 };
        await using var manager = Harness.Manager(time, options, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var pattern = await TestClient.StartAsync(manager);
        var data = Encoding.ASCII.GetBytes("0123456789abcdefghijklmnopqrstuvwxyzABCD");

        await owner.SendStreamAsync("clipboard", 2, "text/plain", null, data, chunk: 7);
        await pattern.SendStreamAsync("clipboard", 2, "text/plain", null, data, chunk: 7);

        Assert.Equal(data[..16], (await Assert.Single(probe.Sessions).NextAsync("clipboard")).Data);
        Assert.Equal(data[..16], (await ReadClipboardAsync(pattern)).Data);
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
        await pattern.DisconnectAsync();
    }

    [Fact]
    public async Task A_zero_clipboard_limit_delivers_empty_clipboards_and_nothing_breaks()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, new SessionOptions { MaxClipboardBytes = 0 }, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendStreamAsync("clipboard", 2, "text/plain", null, Encoding.ASCII.GetBytes("secret stuff"));

        Assert.Empty((await Assert.Single(probe.Sessions).NextAsync("clipboard")).Data!);
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Invalid_base64_is_acked_with_bad_request_and_drops_the_stream()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("clipboard", "3", "text/plain");
        await owner.SendAsync("blob", "3", "aGVs");
        await owner.SendAsync("blob", "3", "!!not base64!!");
        await owner.SendAsync("blob", "3", "bG8=");
        await owner.SendAsync("end", "3");
        var seen = await owner.PingAsync();

        Assert.Equal(new Instruction("ack", "3", "invalid base64 data", "768"), Assert.Single(seen));
        Assert.DoesNotContain(Assert.Single(probe.Sessions).Events, e => e.Kind == "clipboard");
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Opening_more_than_the_allowed_streams_is_client_too_many()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, new SessionOptions { MaxStreamsPerUser = 2 });
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("argv", "1", "text/plain", "a");
        await owner.SendAsync("argv", "2", "text/plain", "b");
        await owner.SendAsync("argv", "3", "text/plain", "c");
        await owner.SendAsync("end", "1");
        await owner.SendAsync("argv", "3", "text/plain", "c");
        var acks = (await owner.PingAsync()).Where(i => i.Opcode == "ack").ToList();

        Assert.Equal(
            [
                new Instruction("ack", "1", "OK", "0"),
                new Instruction("ack", "2", "OK", "0"),
                new Instruction("ack", "3", "too many streams", "797"),
                new Instruction("ack", "3", "OK", "0"),
            ],
            acks);
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData("file", "report.pdf")]
    [InlineData("pipe", "STDIN")]
    public async Task File_and_pipe_streams_are_unsupported_by_a_back_end_without_a_handler(string opcode, string name)
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync(opcode, "4", "application/pdf", name);
        await owner.SendAsync("blob", "4", "AAAA");
        await owner.SendAsync("end", "4");
        var seen = await owner.PingAsync();

        Assert.Equal(new Instruction("ack", "4", "stream not supported", "256"), Assert.Single(seen));
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Put_is_refused_because_objects_are_not_offered()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("put", "0", "9", "text/plain", "x.txt");
        var seen = await owner.PingAsync();

        Assert.Equal(new Instruction("ack", "9", "objects are not supported", "256"), Assert.Single(seen));
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData("file", "upload.bin", "File")]
    [InlineData("pipe", "STDIN", "Pipe")]
    public async Task An_accepting_back_end_gets_every_blob_and_each_is_acked(string opcode, string name, string kind)
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var data = Enumerable.Range(0, 15000).Select(i => (byte)(i % 251)).ToArray();

        await owner.SendStreamAsync(opcode, 6, "application/octet-stream", name, data, chunk: 6048);
        var acks = (await owner.PingAsync()).Where(i => i.Opcode == "ack").ToList();

        Assert.Equal(4, acks.Count); // the open, then one per blob
        Assert.All(acks, a => Assert.Equal(new Instruction("ack", "6", "OK", "0"), a));
        var events = Assert.Single(probe.Sessions).Events.Where(e => e.Kind is "stream" or "blob" or "end" or "aborted").ToList();
        Assert.Equal(["stream", "blob", "blob", "blob", "end"], events.Select(e => e.Kind));
        Assert.Equal($"{kind},6,application/octet-stream,{name}", events[0].Detail);
        Assert.Equal(data, events.Where(e => e.Kind == "blob").SelectMany(e => e.Data!).ToArray());
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Accepted_audio_is_acked_once_on_open_only()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("audio", "8", "audio/L16;rate=44100,channels=2");
        await owner.SendAsync("blob", "8", "AAAA");
        await owner.SendAsync("blob", "8", "AAAA");
        var acks = (await owner.PingAsync()).Where(i => i.Opcode == "ack").ToList();

        Assert.Equal(new Instruction("ack", "8", "OK", "0"), Assert.Single(acks));
        Assert.Equal(2, Assert.Single(probe.Sessions).Events.Count(e => e.Kind == "blob"));
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Reopening_an_index_or_leaving_aborts_accepted_streams()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "j");

        await owner.SendAsync("file", "2", "text/plain", "a.txt");
        await owner.SendAsync("file", "2", "text/plain", "b.txt");
        await owner.PingAsync();
        var backend = Assert.Single(probe.Sessions);
        Assert.Equal(["stream", "aborted", "stream"], backend.Events.Where(e => e.UserId == owner.User.Id && e.Kind != "joined").Select(e => e.Kind));

        await joiner.SendAsync("pipe", "4", "text/plain", "STDIN");
        await joiner.PingAsync();
        await joiner.DisconnectAsync();
        Assert.Contains(backend.Events, e => e.Kind == "aborted" && e.UserId == joiner.User.Id && e.Detail == "4");

        await owner.DisconnectAsync();
        await owner.Session.EndedAsync();
        Assert.Equal(2, backend.Events.Count(e => e.Kind == "aborted" && e.UserId == owner.User.Id)); // a.txt, then b.txt on leave
    }

    [Fact]
    public async Task Argv_is_acked_on_open_and_a_live_change_reaches_the_back_end()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptArguments = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("argv", "5", "text/plain", "font-size");
        var ack = await owner.ExpectAsync("ack");
        await owner.SendAsync("blob", "5", Convert.ToBase64String(Encoding.UTF8.GetBytes("14")));
        await owner.SendAsync("end", "5");

        Assert.Equal(new Instruction("ack", "5", "OK", "0"), ack);
        var e = await Assert.Single(probe.Sessions).NextAsync("argument");
        Assert.Equal("font-size=14", e.Detail);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Argv_values_over_the_limit_or_not_utf8_are_refused()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptArguments = true };
        await using var manager = Harness.Manager(time, new SessionOptions { MaxArgumentBytes = 8 }, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendArgvAsync(1, "font-name", "much too long a value");
        await owner.SendStreamAsync("argv", 2, "text/plain", "font-name", [0xC3, 0x28]);
        var acks = (await owner.PingAsync()).Where(i => i.Opcode == "ack").ToList();

        Assert.Equal(
            [
                new Instruction("ack", "1", "OK", "0"),
                new Instruction("ack", "1", "value too long", "781"),
                new Instruction("ack", "2", "OK", "0"),
                new Instruction("ack", "2", "value is not valid utf-8", "768"),
            ],
            acks);
        Assert.DoesNotContain(Assert.Single(probe.Sessions).Events, e => e.Kind == "argument");
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task The_largest_blob_the_protocol_allows_is_accepted()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var data = new byte[6144]; // 8192 base64 characters: exactly the element limit
        new Random(1).NextBytes(data);

        await owner.SendStreamAsync("file", 0, "application/octet-stream", "big", data, chunk: 6144);
        await owner.PingAsync();

        Assert.Equal(data, Assert.Single(Assert.Single(probe.Sessions).Events, e => e.Kind == "blob").Data);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Acks_from_the_client_reach_the_back_end()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("ack", "2", "OK", "0");
        await owner.SendAsync("ack", "4", "BAD TYPE", "783");

        var backend = Assert.Single(probe.Sessions);
        Assert.Equal("2,OK,0", (await backend.NextAsync("ack")).Detail);
        Assert.Equal("4,BAD TYPE,783", (await backend.NextAsync("ack")).Detail);
        await owner.DisconnectAsync();
    }

    private static async Task<(string Mimetype, int Index, byte[] Data)> ReadClipboardAsync(TestClient user)
    {
        var open = await user.ExpectAsync("clipboard");
        int index = int.Parse(open.Args[0], CultureInfo.InvariantCulture);
        var rest = await user.ReadUntilAsync(i => i.Opcode == "end" && i.Args[0] == open.Args[0]);
        var data = rest.Where(i => i.Opcode == "blob" && i.Args[0] == open.Args[0]).SelectMany(i => Convert.FromBase64String(i.Args[1])).ToArray();
        return (open.Args[1], index, data);
    }
}
