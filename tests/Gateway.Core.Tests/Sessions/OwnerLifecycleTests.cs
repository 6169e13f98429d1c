using Gateway.Core.Sessions;
using System.Globalization;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Sessions;

public sealed class OwnerLifecycleTests
{
    [Fact]
    public async Task Owner_receives_the_whole_pattern_then_a_sync()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = TestClient.Open(manager, new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Client = new ClientInfo { Width = 320, Height = 200 },
        });

        var frame = await owner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.Equal(new Instruction("size", "0", "320", "200"), frame[0]);
        // The planner sends the solid areas as rect+cfill; what counts is the picture the client ends up with.
        Assert.Contains(frame, i => i.Opcode == "cfill" && i.Args.SequenceEqual(["14", "0", "255", "0", "0", "255"]));
        Rendering.AssertPattern(Rendering.Render(frame), 320, 200, 0x336699);
        var sync = frame[^1];
        Assert.Equal([Harness.Epoch.ToString(CultureInfo.InvariantCulture), "1"], sync.Args);
        Assert.Equal(1, manager.SessionCount);
        Assert.True(owner.User.IsOwner);
        Assert.Same(owner.User, owner.Session.Owner);
        Assert.StartsWith("$", owner.Session.Id, StringComparison.Ordinal);
        Assert.StartsWith("@", owner.User.Id, StringComparison.Ordinal);
        Assert.Equal(TestPatternBackend.ProtocolName, owner.Session.Protocol);

        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Parameters_shape_the_pattern()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = TestClient.Open(manager, new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Arguments = new Dictionary<string, string> { ["width"] = "640", ["height"] = "480", ["color"] = "102030" },
        });

        var frame = await owner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.Equal(new Instruction("size", "0", "640", "480"), frame[0]);
        Assert.Contains(frame, i => i.Opcode == "cfill" && i.Args.SequenceEqual(["14", "0", "16", "32", "48", "255"]));
        Rendering.AssertPattern(Rendering.Render(frame), 640, 480, 0x102030);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Invalid_parameters_are_refused_with_bad_request_naming_the_parameter()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var transport = new MemoryTransport();

        var open = manager.Open(new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Arguments = new Dictionary<string, string> { ["width"] = "99999" },
        }, transport);

        Assert.Null(open.User);
        Assert.Equal(GuacamoleStatus.ClientBadRequest, open.Error!.Value.Status);
        Assert.Contains("'width'", open.Error.Value.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("99999", open.Error.Value.Message, StringComparison.Ordinal);
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Sync_timestamps_strictly_increase_even_when_the_clock_stands_still()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        var stamps = new List<long>();
        for (int k = 0; k < 5; k++)
        {
            await owner.SendAsync("key", (0x61 + k).ToString(CultureInfo.InvariantCulture), "1");
            var sync = await owner.ExpectAsync("sync");
            stamps.Add(long.Parse(sync.Args[0], CultureInfo.InvariantCulture));
            await owner.AckAsync(sync); // a client that never acks would be held back once it lags
            if (k == 2)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
            }
        }

        for (int k = 1; k < stamps.Count; k++)
        {
            Assert.True(stamps[k] > stamps[k - 1], $"sync {stamps[k]} does not follow {stamps[k - 1]}");
        }

        // Once the clock moves past the last stamp, stamps follow the clock again.
        Assert.Equal(Harness.Epoch + 500, stamps[3]);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Key_press_paints_the_key_square_for_the_owner()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("key", "65", "1");
        await owner.SendAsync("key", "65", "0");
        var drawn = await owner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.Equal([new Instruction("rect", "0", "0", "64", "64", "64"), new Instruction("cfill", "14", "0", "65", "0", "128", "255"), drawn[2]], drawn);
        var after = await owner.PingAsync();
        Assert.Empty(after); // a release draws nothing
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Disconnect_closes_with_success_and_removes_the_session()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var id = owner.Session.Id;
        Assert.True(manager.TryGetSession(id, out _));

        await owner.SendAsync("disconnect");
        var (rest, status) = await owner.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.Success, status);
        Assert.Equal("disconnect", Assert.Single(rest).Opcode);
        await owner.Session.EndedAsync();
        Assert.True(owner.Session.IsEnded);
        Assert.True(owner.User.HasLeft);
        Assert.Equal(0, manager.SessionCount);
        Assert.False(manager.TryGetSession(id, out _));
        Assert.True(Assert.Single(probe.Sessions).Disposed);
        Assert.True(owner.Session.Ending.IsCancellationRequested);
    }

    [Fact]
    public async Task Hanging_up_between_instructions_is_a_normal_end()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        owner.Transport.Hangup();
        var (_, status) = await owner.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.Success, status);
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Cancelling_the_run_token_ends_the_user_with_server_busy()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var transport = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = TestPatternBackend.ProtocolName }, transport);
        using var stop = new CancellationTokenSource();
        var run = open.User!.RunAsync(stop.Token);
        await transport.ExpectAsync("sync", TestClient.Timeout);

        await stop.CancelAsync();
        await run.WaitAsync(TestClient.Timeout);

        // The run token is the host's stopping token: clients learn the gateway is going away, so they may retry.
        Assert.Equal(GuacamoleStatus.ServerBusy, await transport.Closed.WaitAsync(TestClient.Timeout));
        await open.User.Session.EndedAsync();
    }

    [Fact]
    public async Task Disposing_the_manager_ends_live_sessions_with_server_busy()
    {
        var time = Harness.NewTime();
        var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await manager.DisposeAsync();

        var (error, status) = await owner.ExpectErrorEndAsync();
        Assert.Equal(GuacamoleStatus.ServerBusy, status);
        Assert.Equal(0, manager.SessionCount);
        Assert.NotEmpty(error.Args[0]);
    }

    [Fact]
    public async Task A_user_runs_only_once()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await Assert.ThrowsAsync<InvalidOperationException>(() => owner.User.RunAsync(CancellationToken.None));
        await owner.DisconnectAsync();
    }
}
