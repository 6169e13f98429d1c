using Gateway.Core.Backends;
using Gateway.Core.Tests.Support;

namespace Gateway.Core.Tests.Sessions;

public sealed class InputTests
{
    [Fact]
    public async Task Every_kind_of_input_reaches_the_back_end_with_its_values()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("key", "65307", "1");
        await owner.SendAsync("key", "65307", "0");
        await owner.SendAsync("mouse", "-3", "700", "17");
        await owner.SendAsync("touch", "2", "100", "200", "5", "6", "45.5", "0.25");
        await owner.SendAsync("size", "1280", "720");
        await owner.SendAsync("size", "800", "600", "192");
        await owner.PingAsync();

        var events = Assert.Single(probe.Sessions).Events.Where(e => e.Kind is "key" or "mouse" or "touch" or "size").ToList();
        Assert.All(events, e => Assert.Equal(owner.User.Id, e.UserId));
        Assert.Equal(
            [
                ("key", "65307,1"),
                ("key", "65307,0"),
                ("mouse", "-3,700,17"),
                ("touch", new TouchEvent(2, 100, 200, 5, 6, 45.5, 0.25).ToString()),
                ("size", "1280,720,96"),
                ("size", "800,600,192"),
            ],
            events.Select(e => (e.Kind, e.Detail)));
        Assert.Equal((800, 600, 192), (owner.User.Client.Width, owner.User.Client.Height, owner.User.Client.Dpi));
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Sizes_are_clamped_to_the_display_limits()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);

        await owner.SendAsync("size", "100000", "9000", "5000");
        await owner.SendAsync("size", "1", "1", "1");

        var backend = Assert.Single(probe.Sessions);
        Assert.Equal("8192,8192,1200", (await backend.NextAsync("size")).Detail);
        Assert.Equal("1,1,24", (await backend.NextAsync("size")).Detail);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Input_from_several_users_is_never_handled_concurrently()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var joiners = new List<TestClient>();
        for (int i = 0; i < 3; i++)
        {
            joiners.Add(await TestClient.JoinAsync(manager, owner.Session));
        }

        var users = joiners.Prepend(owner).ToList();
        await Task.WhenAll(users.Select(u => Task.Run(async () =>
        {
            for (int k = 0; k < 50; k++)
            {
                await u.SendAsync("mouse", "1", "2", "0");
            }
        })));
        foreach (var u in users)
        {
            await u.PingAsync();
        }

        var backend = Assert.Single(probe.Sessions);
        Assert.Equal(200, backend.Events.Count(e => e.Kind == "mouse"));
        Assert.Equal(1, backend.MaxConcurrentCalls);
        foreach (var u in users)
        {
            await u.DisconnectAsync();
        }
    }
}
