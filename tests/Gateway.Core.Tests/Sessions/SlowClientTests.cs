using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

public sealed class SlowClientTests
{
    private const long Limit = 4096;

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_the_other_user_keeps_receiving()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, new SessionOptions { MaxOutboundBytes = Limit });
        var owner = await TestClient.StartAsync(manager);
        var stalled = await TestClient.JoinAsync(manager, owner.Session, "stalled");
        await owner.ExpectAsync("msg");
        stalled.Transport.Stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long sentBeforeStall = stalled.Transport.BytesSent;

        int keys = 0;
        var ownerSaw = new List<Instruction>();
        while (!stalled.User.HasLeft)
        {
            Assert.True(++keys < 500, "the stalled user was never dropped");
            int keysym = 0x100 + (keys % 200);
            string red = (keysym & 0xFF).ToString(CultureInfo.InvariantCulture);
            await owner.SendAsync("key", keysym.ToString(CultureInfo.InvariantCulture), "1");
            ownerSaw.AddRange(await owner.ReadUntilAsync(i => i.Opcode == "cfill" && i.Args[2] == red));
            ownerSaw.AddRange(await owner.ReadUntilAsync(i => i.Opcode == "sync"));
            Assert.True(stalled.User.PendingOutput <= Limit, $"{stalled.User.PendingOutput} bytes queued");
        }

        // Dropped for not reading: its transport is closed without waiting for the client, which never reads again.
        Assert.Equal(GuacamoleStatus.ClientTimeout, await stalled.Transport.Closed.WaitAsync(TestClient.Timeout));
        await stalled.Run.WaitAsync(TestClient.Timeout);
        Assert.True(stalled.User.PendingOutput <= Limit);
        Assert.True(stalled.Transport.BytesSent - sentBeforeStall <= Limit);

        // The owner hears of it (perhaps already while the loop above was reading).
        var left = ownerSaw.FirstOrDefault(i => i.Opcode == "msg") ?? await owner.ExpectAsync("msg");
        Assert.Equal(["2", stalled.User.Id, "stalled"], left.Args);
        Assert.False(owner.Session.IsEnded);
        await owner.SendAsync("key", "65", "1");
        await owner.ReadUntilAsync(i => i.Opcode == "cfill" && i.Args[2] == "65");
        await owner.DisconnectAsync();
        stalled.Transport.Stall.TrySetResult();
    }

    [Fact]
    public async Task A_leaving_user_whose_client_stalls_is_abandoned_after_the_close_timeout()
    {
        var time = Harness.NewTime();
        var options = new SessionOptions { CloseTimeout = TimeSpan.FromSeconds(5), IdleTimeout = TimeSpan.FromHours(1), KeepAliveInterval = TimeSpan.FromHours(1) };
        await using var manager = Harness.Manager(time, options);
        var owner = await TestClient.StartAsync(manager);
        await owner.PingAsync();
        owner.Transport.Stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.User.Send("log", "never read");
        long left = time.NowMs();

        owner.User.Leave(GuacamoleStatus.ResourceConflict, "taken over");
        await time.AdvanceUntilAsync(owner.Transport.Closed, TimeSpan.FromMilliseconds(500));

        Assert.Equal(GuacamoleStatus.ResourceConflict, await owner.Transport.Closed);
        Assert.True(time.NowMs() - left >= 5000);
        await owner.Run.WaitAsync(TestClient.Timeout);
        await owner.Session.EndedAsync();
        owner.Transport.Stall.TrySetResult();
    }

    [Fact]
    public async Task A_single_instruction_bigger_than_the_limit_drops_the_user()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, new SessionOptions { MaxOutboundBytes = 2048 });
        var owner = await TestClient.StartAsync(manager);

        owner.User.Send("log", new string('x', 3000));

        Assert.Equal(GuacamoleStatus.ClientTimeout, await owner.Transport.Closed.WaitAsync(TestClient.Timeout));
        await owner.Run.WaitAsync(TestClient.Timeout);
        await owner.Session.EndedAsync();
    }

    [Fact]
    public async Task A_user_that_leaves_normally_still_gets_its_queued_output()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        for (int i = 0; i < 50; i++)
        {
            owner.User.Send("log", i.ToString(CultureInfo.InvariantCulture));
        }

        owner.User.Leave(GuacamoleStatus.ResourceConflict, "taken over");
        var (rest, status) = await owner.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.ResourceConflict, status);
        Assert.Equal(50, rest.Count(i => i.Opcode == "log"));
        Assert.Equal(new Instruction("error", "taken over", "517"), rest[^1]);
    }

    [Fact]
    public async Task Output_to_a_user_that_left_is_dropped_quietly()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        await owner.DisconnectAsync();

        owner.User.Send("log", "late");
        owner.User.Leave(GuacamoleStatus.ServerError, "again");

        Assert.Equal(0, owner.User.PendingOutput);
        Assert.Equal(GuacamoleStatus.Success, await owner.Transport.Closed);
    }
}
