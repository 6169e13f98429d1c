using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

public sealed class LagTests
{
    [Fact]
    public async Task Sync_echoes_drive_each_users_estimate_and_the_session_takes_the_maximum()
    {
        const long E = Harness.Epoch;
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = TestClient.Open(manager, new ConnectRequest { Selected = "test-pattern" });
        var first = await owner.ExpectAsync("sync");
        Assert.Equal(E, Stamp(first));

        // Owner: 40 ms round trip for the first frame (baseline).
        time.Advance(TimeSpan.FromMilliseconds(40));
        await owner.AckAsync(first);
        await owner.PingAsync();
        Assert.Equal(0, owner.Session.MaxProcessingLag());

        // Owner: the next frame takes 100 ms, 60 more than the baseline.
        await owner.SendAsync("key", "97", "1");
        var second = await owner.ExpectAsync("sync");
        Assert.Equal(E + 40, Stamp(second));
        time.Advance(TimeSpan.FromMilliseconds(100));
        await owner.AckAsync(second);
        await owner.PingAsync();
        Assert.Equal(60, owner.User.CurrentLag(time.NowMs()));
        Assert.Equal(60, owner.Session.MaxProcessingLag());

        // A joiner arrives at E+140; its frame goes to both users.
        var joiner = TestClient.Open(manager, new ConnectRequest { Selected = owner.Session.Id });
        var joinFrame = await joiner.ExpectAsync("sync");
        Assert.Equal(E + 140, Stamp(joinFrame));
        Assert.Equal(E + 140, Stamp(await owner.ExpectAsync("sync")));

        // Joiner: 10 ms baseline. The owner has not acknowledged E+140 yet, but 10 ms is within its round trip.
        time.Advance(TimeSpan.FromMilliseconds(10));
        await joiner.AckAsync(joinFrame);
        await joiner.PingAsync();
        Assert.Equal(0, joiner.User.CurrentLag(time.NowMs()));
        Assert.Equal(60, owner.Session.MaxProcessingLag());

        // Joiner: the next frame takes 200 ms against a 10 ms baseline.
        await joiner.SendAsync("key", "98", "1");
        var third = await joiner.ExpectAsync("sync");
        Assert.Equal(E + 150, Stamp(third));
        Assert.Equal(E + 150, Stamp(await owner.ExpectAsync("sync")));
        time.Advance(TimeSpan.FromMilliseconds(200));
        await joiner.AckAsync(third);
        await joiner.PingAsync();
        Assert.Equal(190, joiner.User.CurrentLag(time.NowMs()));
        // The owner's unacknowledged E+140 has been out 210 ms against a 40 ms round trip.
        Assert.Equal(170, owner.User.CurrentLag(time.NowMs()));
        Assert.Equal(190, owner.Session.MaxProcessingLag());

        // Owner catches up at E+350: its newest frame (E+150) took 200 ms against 40.
        await owner.AckAsync(third);
        await owner.PingAsync();
        Assert.Equal(160, owner.User.CurrentLag(time.NowMs()));
        Assert.Equal(190, owner.Session.MaxProcessingLag());

        // The joiner lies about a frame it never got: it is dropped, and the maximum is the owner's again.
        await joiner.SendAsync("sync", (E + 5000).ToString(CultureInfo.InvariantCulture));
        var (error, status) = await joiner.ExpectErrorEndAsync();
        Assert.Equal(GuacamoleStatus.ClientBadRequest, status);
        Assert.Equal("768", error.Args[1]);
        Assert.Equal(160, owner.Session.MaxProcessingLag());

        await owner.SendAsync("key", "99", "1");
        Assert.Equal("99", (await owner.ExpectAsync("cfill")).Args[2]);
        Assert.False(owner.Session.IsEnded);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Sync_for_a_frame_never_sent_drops_only_that_user()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "liar");
        Assert.Equal("1", (await owner.ExpectAsync("msg")).Args[0]);
        var other = await TestClient.StartAsync(manager);

        await joiner.SendAsync("sync", "99999999999999");
        var (_, status) = await joiner.ExpectErrorEndAsync();

        Assert.Equal(GuacamoleStatus.ClientBadRequest, status);
        Assert.Equal(["2", joiner.User.Id, "liar"], (await owner.ExpectAsync("msg")).Args);
        Assert.False(owner.Session.IsEnded);
        await owner.SendAsync("key", "70", "1");
        Assert.Equal("70", (await owner.ExpectAsync("cfill")).Args[2]);
        await other.SendAsync("key", "71", "1");
        Assert.Equal("71", (await other.ExpectAsync("cfill")).Args[2]);
        await owner.DisconnectAsync();
        await other.DisconnectAsync();
    }

    [Fact]
    public async Task Session_without_users_has_no_lag()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        await owner.DisconnectAsync();

        Assert.Equal(0, owner.Session.MaxProcessingLag());
    }

    private static long Stamp(Instruction sync) => long.Parse(sync.Args[0], CultureInfo.InvariantCulture);
}
