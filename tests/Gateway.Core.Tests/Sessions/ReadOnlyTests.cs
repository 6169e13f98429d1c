using System.Text;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

public sealed class ReadOnlyTests
{
    public static TheoryData<bool> HowReadOnly => new() { true, false };

    [Theory]
    [MemberData(nameof(HowReadOnly))]
    public async Task Read_only_input_never_reaches_the_back_end(bool byFlag)
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true, AcceptArguments = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var viewer = await JoinReadOnlyAsync(manager, owner.Session, byFlag);
        Assert.True(viewer.User.IsReadOnly);
        var backend = Assert.Single(probe.Sessions);

        await viewer.SendAsync("key", "65", "1");
        await viewer.SendAsync("mouse", "10", "20", "1");
        await viewer.SendAsync("size", "800", "600");
        await viewer.SendAsync("touch", "1", "5", "5", "2", "2", "0", "1");
        await viewer.SendStreamAsync("clipboard", 1, "text/plain", null, Encoding.UTF8.GetBytes("from viewer"));
        await viewer.SendAsync("argv", "3", "text/plain", "font-size");
        await viewer.SendAsync("blob", "3", "MTI=");
        await viewer.SendAsync("end", "3");
        var seen = await viewer.PingAsync();

        Assert.DoesNotContain(backend.Events, e => e.UserId == viewer.User.Id && e.Kind is not ("joined" or "left"));
        Assert.Equal(new Instruction("ack", "3", "read-only user", "771"), Assert.Single(seen, i => i.Opcode == "ack"));

        // The owner's input still works and the viewer sees its effect.
        await owner.SendAsync("key", "66", "1");
        var key = await backend.NextAsync("key");
        Assert.Equal(owner.User.Id, key.UserId);
        Assert.Equal(["key 66"], (await viewer.ExpectAsync("log")).Args);
        Assert.Equal(["key 66"], (await owner.ExpectAsync("log")).Args);

        await viewer.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData("file", "upload.txt")]
    [InlineData("pipe", "STDIN")]
    [InlineData("audio", null)]
    public async Task Read_only_file_pipe_and_audio_streams_are_forbidden(string opcode, string? name)
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend { AcceptStreams = true };
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var viewer = await TestClient.JoinAsync(manager, owner.Session, readOnly: true);

        if (name is null)
        {
            await viewer.SendAsync(opcode, "7", "audio/L16");
        }
        else
        {
            await viewer.SendAsync(opcode, "7", "text/plain", name);
        }

        var ack = await viewer.ExpectAsync("ack");
        Assert.Equal("7", ack.Args[0]);
        Assert.Equal(((int)GuacamoleStatus.ClientForbidden).ToString(System.Globalization.CultureInfo.InvariantCulture), ack.Args[2]);

        // Its blobs go nowhere.
        await viewer.SendAsync("blob", "7", "AAAA");
        await viewer.SendAsync("end", "7");
        await viewer.PingAsync();
        Assert.DoesNotContain(Assert.Single(probe.Sessions).Events, e => e.UserId == viewer.User.Id && e.Kind is "stream" or "blob" or "end");

        await viewer.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Read_only_keys_size_and_clipboard_do_not_change_what_the_owner_sees()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var viewer = await TestClient.JoinAsync(manager, owner.Session, "viewer", readOnly: true);

        await viewer.SendAsync("key", "65", "1");
        await viewer.SendAsync("size", "1000", "700");
        await viewer.SendStreamAsync("clipboard", 2, "text/plain", null, Encoding.UTF8.GetBytes("nope"));
        await viewer.PingAsync();

        // Anything the viewer caused would be queued to the owner before the effect of the owner's own key.
        await owner.SendAsync("key", "66", "1");
        var seen = await owner.ReadUntilAsync(i => i.Opcode == "cfill" && i.Args[2] == "66");
        Assert.DoesNotContain(seen, i => i.Opcode is "size" or "clipboard" or "blob" || (i.Opcode == "cfill" && i.Args[2] == "65"));

        // Output still reaches the viewer.
        Assert.Equal("66", (await viewer.ExpectAsync("cfill")).Args[2]);
        await viewer.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Read_only_viewer_may_still_acknowledge_frames_and_ping()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var viewer = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id, ReadOnly = true });
        var sync = await viewer.ExpectAsync("sync");

        await viewer.AckAsync(sync);
        await viewer.PingAsync();

        Assert.False(viewer.User.HasLeft);
        await viewer.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public async Task Read_only_argument_spellings_make_an_owner_read_only(string value)
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName, new Dictionary<string, string> { ["read-only"] = value });

        Assert.True(owner.User.IsReadOnly);
        await owner.SendAsync("key", "65", "1");
        await owner.PingAsync();
        Assert.DoesNotContain(Assert.Single(probe.Sessions).Events, e => e.Kind == "key");
        await owner.DisconnectAsync();
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("0")]
    public async Task Other_read_only_values_leave_the_user_interactive(string value)
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        var joiner = await TestClient.JoinAsync(manager, owner.Session, arguments: new Dictionary<string, string> { ["read-only"] = value });

        Assert.False(joiner.User.IsReadOnly);
        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    private static async Task<TestClient> JoinReadOnlyAsync(SessionManager manager, Session session, bool byFlag) =>
        byFlag
            ? await TestClient.JoinAsync(manager, session, "viewer", readOnly: true)
            : await TestClient.JoinAsync(manager, session, "viewer", arguments: new Dictionary<string, string> { ["read-only"] = "true" });
}
