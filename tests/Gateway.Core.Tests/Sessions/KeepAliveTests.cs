using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Sessions;

/// <summary>
/// Keep-alive (nop after 5 s without output) and idle timeout (drop after 15 s without input) on a fake
/// clock. A ping round trip proves the user's loops are running before the clock moves, so each
/// expectation depends only on fake time.
/// </summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task A_nop_goes_out_after_five_seconds_without_output()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        await owner.PingAsync(); // last output: the reply, at E

        Seconds(time, 4);
        Assert.DoesNotContain(await owner.PingAsync(), i => i.Opcode == "nop"); // last output: E+4

        Seconds(time, 4);
        long quietSince = time.NowMs() - 4000;
        Seconds(time, 1);
        var seen = await owner.ReadUntilAsync(i => i.Opcode == "nop");
        Assert.Single(seen);
        Assert.True(time.NowMs() - quietSince >= 5000);

        // And again five seconds after the nop itself.
        Seconds(time, 5);
        Assert.Single(await owner.ReadUntilAsync(i => i.Opcode == "nop"));
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_user_silent_for_fifteen_seconds_is_dropped_with_client_timeout()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        await owner.PingAsync(); // last input at E

        Seconds(time, 14);
        Assert.False(owner.User.HasLeft);
        Seconds(time, 1);

        var (rest, status) = await owner.ReadToEndAsync();
        Assert.Equal(GuacamoleStatus.ClientTimeout, status);
        Assert.Equal(new Instruction("error", "User is not responding.", "776"), rest[^1]);
        // Nothing but keep-alives before it (how many depends on how promptly the timer ran; the
        // keep-alive test pins their timing).
        Assert.All(rest[..^1], i => Assert.Equal("nop", i.Opcode));
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Any_input_resets_the_idle_clock()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        await owner.PingAsync();

        // 50 s in all, never 15 s without input: a ping, a key, an acknowledged frame, a nop (each proven handled).
        Seconds(time, 10);
        await owner.PingAsync();
        Seconds(time, 10);
        await owner.SendAsync("key", "65", "1");
        var sync = await owner.ExpectAsync("sync");
        Seconds(time, 10);
        await owner.AckAsync(sync);
        await owner.PingAsync();
        Seconds(time, 10);
        await owner.SendAsync("nop");
        await owner.PingAsync();
        Seconds(time, 10);
        Assert.False(owner.User.HasLeft);
        await owner.PingAsync();

        Seconds(time, 15);
        var (rest, status) = await owner.ReadToEndAsync();
        Assert.Equal(GuacamoleStatus.ClientTimeout, status);
        Assert.Equal("776", rest[^1].Args[1]);
    }

    [Fact]
    public async Task An_idle_joiner_is_dropped_while_the_active_owner_stays()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "sleepy");
        await owner.ExpectAsync("msg");
        await joiner.PingAsync();

        Seconds(time, 10);
        await owner.PingAsync();
        Seconds(time, 5);

        var (rest, status) = await joiner.ReadToEndAsync();
        Assert.Equal(GuacamoleStatus.ClientTimeout, status);
        Assert.Equal(new Instruction("error", "User is not responding.", "776"), rest[^1]);
        Assert.Equal(["2", joiner.User.Id, "sleepy"], (await owner.ExpectAsync("msg")).Args);
        Assert.False(owner.Session.IsEnded);
        await owner.SendAsync("key", "66", "1");
        Assert.Equal("66", (await owner.ExpectAsync("cfill")).Args[2]);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Configured_timeouts_are_honoured()
    {
        var time = Harness.NewTime();
        var options = new SessionOptions { KeepAliveInterval = TimeSpan.FromSeconds(1), IdleTimeout = TimeSpan.FromSeconds(3) };
        await using var manager = Harness.Manager(time, options);
        var owner = await TestClient.StartAsync(manager);
        await owner.PingAsync();
        long lastInput = time.NowMs();

        await time.AdvanceUntilAsync(owner.Transport.Closed, TimeSpan.FromMilliseconds(100));

        var (rest, status) = await owner.ReadToEndAsync();
        Assert.Equal(GuacamoleStatus.ClientTimeout, status);
        Assert.True(time.NowMs() - lastInput >= 3000);
        Assert.Equal("776", rest[^1].Args[1]);
    }

    private static void Seconds(FakeTimeProvider time, int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
