using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Sessions;

public sealed class JoinTests
{
    [Fact]
    public async Task Joiner_gets_the_full_pattern_and_the_owner_is_told_who_joined()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        var joiner = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id, Client = new ClientInfo { Name = "alice" } });
        var frame = await joiner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.Equal(new Instruction("size", "0", "320", "200"), frame[0]);
        Rendering.AssertPattern(Rendering.Render(frame), 320, 200, 0x336699);
        Assert.False(joiner.User.IsOwner);
        Assert.Same(owner.Session, joiner.Session);
        Assert.NotEqual(owner.User.Id, joiner.User.Id);

        var msg = await owner.ExpectAsync("msg");
        Assert.Equal(["1", joiner.User.Id, "alice"], msg.Args);
        Assert.Equal(1, manager.SessionCount);
        Assert.Equal(2, owner.Session.Users.Length);

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Both_users_see_each_others_input()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "bob");

        await joiner.SendAsync("key", "66", "1");
        Assert.Equal("66", (await owner.ExpectAsync("cfill")).Args[2]);
        Assert.Equal("66", (await joiner.ExpectAsync("cfill")).Args[2]);

        await owner.SendAsync("key", "67", "1");
        Assert.Equal("67", (await owner.ExpectAsync("cfill")).Args[2]);
        Assert.Equal("67", (await joiner.ExpectAsync("cfill")).Args[2]);

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Joiner_leaving_tells_the_owner_and_the_session_goes_on()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "carol");
        await owner.ExpectAsync("msg");

        Assert.Equal(GuacamoleStatus.Success, await joiner.DisconnectAsync());

        var left = await owner.ExpectAsync("msg");
        Assert.Equal(["2", joiner.User.Id, "carol"], left.Args);
        Assert.False(owner.Session.IsEnded);
        Assert.Single(owner.Session.Users);
        await owner.SendAsync("key", "68", "1");
        Assert.Equal("68", (await owner.ExpectAsync("cfill")).Args[2]);
        await owner.DisconnectAsync();
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Owner_leaving_first_keeps_the_joiner_working_until_it_leaves_too()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "dave");

        Assert.Equal(GuacamoleStatus.Success, await owner.DisconnectAsync());

        Assert.False(joiner.Session.IsEnded);
        Assert.Equal(1, manager.SessionCount);
        await joiner.SendAsync("key", "69", "1");
        Assert.Equal("69", (await joiner.ExpectAsync("cfill")).Args[2]);
        var seen = await joiner.PingAsync();
        Assert.DoesNotContain(seen, i => i.Opcode is "msg" or "error" or "disconnect");

        Assert.Equal(GuacamoleStatus.Success, await joiner.DisconnectAsync());
        await joiner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Owner_older_than_1_5_gets_no_msg()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager, client: new ClientInfo { Version = ProtocolVersion.V1_3_0 });

        var joiner = await TestClient.JoinAsync(manager, owner.Session, "erin");
        // The joiner's arrival ends a frame for everyone; a msg would have been queued before that sync.
        var untilJoinFrame = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.DoesNotContain(untilJoinFrame, i => i.Opcode == "msg");

        await joiner.DisconnectAsync();
        var afterLeave = await owner.PingAsync();
        Assert.DoesNotContain(afterLeave, i => i.Opcode == "msg");
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Joiner_without_a_name_is_announced_with_an_empty_name()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        var joiner = await TestClient.JoinAsync(manager, owner.Session);

        Assert.Equal(["1", joiner.User.Id, ""], (await owner.ExpectAsync("msg")).Args);
        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Joining_an_unknown_id_is_resource_not_found()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);

        var open = manager.Open(new ConnectRequest { Selected = "$" + Guid.NewGuid().ToString("D") }, new MemoryTransport());

        Assert.Null(open.User);
        Assert.Equal(new ProtocolError(GuacamoleStatus.ResourceNotFound, "No such connection."), open.Error);
        Assert.False(manager.TryGetParameterNames("$nope", out _, out var error));
        Assert.Equal(GuacamoleStatus.ResourceNotFound, error.Status);
    }

    [Fact]
    public async Task Joining_an_ended_session_is_resource_not_found()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var id = owner.Session.Id;
        await owner.DisconnectAsync();
        await owner.Session.EndedAsync();

        var open = manager.Open(new ConnectRequest { Selected = id }, new MemoryTransport());

        Assert.Equal(GuacamoleStatus.ResourceNotFound, open.Error!.Value.Status);
    }

    [Fact]
    public async Task Unknown_protocol_is_unsupported_with_a_clear_message()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);

        var open = manager.Open(new ConnectRequest { Selected = "telnet" }, new MemoryTransport());

        Assert.Null(open.User);
        Assert.Equal(GuacamoleStatus.Unsupported, open.Error!.Value.Status);
        Assert.Equal("protocol 'telnet' is not supported", open.Error.Value.Message);
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Unknown_protocol_name_is_truncated_in_the_message()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);

        var open = manager.Open(new ConnectRequest { Selected = new string('x', 5000) }, new MemoryTransport());

        Assert.Equal(GuacamoleStatus.Unsupported, open.Error!.Value.Status);
        Assert.True(open.Error.Value.Message.Length < 100);
    }

    [Fact]
    public async Task Parameter_names_for_a_protocol_and_a_live_session_are_the_back_ends()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        Assert.True(manager.TryGetParameterNames(TestPatternBackend.ProtocolName, out var byProtocol, out _));
        Assert.True(manager.TryGetParameterNames(owner.Session.Id, out var bySession, out _));

        Assert.Equal(["width", "height", "color", "password", "require-password", "fail-after-ms", "end-after-ms", "read-only"], byProtocol);
        Assert.Equal(byProtocol, bySession);
        Assert.Contains(TestPatternBackend.ProtocolName, manager.Protocols);
        await owner.DisconnectAsync();
    }

    [Fact]
    public void Registering_a_protocol_twice_throws()
    {
        Assert.Throws<ArgumentException>(() => new SessionManager([new TestPatternBackend(), new TestPatternBackend()]));
    }

    [Fact]
    public async Task A_joiner_whose_loop_never_ran_does_not_keep_the_session_alive()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var transport = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = owner.Session.Id }, transport);
        Assert.Null(open.Error);

        // The tunnel dies before the joiner runs: the gateway drops it, then runs it once to release its place.
        open.User!.Leave(GuacamoleStatus.Success, "tunnel closed");
        await owner.DisconnectAsync();
        Assert.False(owner.Session.IsEnded); // the reserved joiner still counts

        await open.User.RunAsync(CancellationToken.None).WaitAsync(TestClient.Timeout);

        Assert.Equal(GuacamoleStatus.Success, await transport.Closed.WaitAsync(TestClient.Timeout));
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }
}
