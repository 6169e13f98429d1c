using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

public sealed class ConcurrencyTests
{
    private const int Sessions = 20;
    private const int JoinersPerSession = 2;

    [Fact]
    public async Task Twenty_sessions_of_three_users_open_work_and_close_in_parallel()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);

        var results = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(n => Task.Run(() => RunOneSessionAsync(manager, n))));

        Assert.All(results, r => Assert.Equal(GuacamoleStatus.Success, r));
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Users_leaving_in_every_order_at_once_still_end_the_session_exactly_once()
    {
        var time = Harness.NewTime();
        var probe = new ProbeBackend();
        await using var manager = Harness.Manager(time, null, probe);

        for (int round = 0; round < 10; round++)
        {
            var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
            var joiners = new List<TestClient>();
            for (int j = 0; j < 3; j++)
            {
                joiners.Add(await TestClient.JoinAsync(manager, owner.Session, "j" + j.ToString(CultureInfo.InvariantCulture)));
            }

            await Task.WhenAll(joiners.Prepend(owner).Select(c => Task.Run(async () =>
            {
                if (round % 2 == 0)
                {
                    await c.SendAsync("disconnect");
                }
                else
                {
                    c.Transport.Hangup();
                }
            })));
            foreach (var c in joiners.Prepend(owner))
            {
                var (_, status) = await c.ReadToEndAsync();
                Assert.Equal(GuacamoleStatus.Success, status);
            }

            await owner.Session.EndedAsync();
        }

        Assert.Equal(0, manager.SessionCount);
        Assert.All(probe.Sessions, s => Assert.Equal(1, s.Events.Count(e => e.Kind == "disposed")));
    }

    private static async Task<GuacamoleStatus> RunOneSessionAsync(SessionManager manager, int n)
    {
        var owner = await TestClient.StartAsync(manager);
        var users = new List<TestClient> { owner };
        for (int j = 0; j < JoinersPerSession; j++)
        {
            users.Add(await TestClient.JoinAsync(manager, owner.Session, $"s{n}j{j}"));
        }

        // Everyone types at once; everyone sees every key.
        await Task.WhenAll(users.Select((u, k) => u.SendAsync("key", (0x41 + k).ToString(CultureInfo.InvariantCulture), "1")));
        foreach (var u in users)
        {
            var colours = new HashSet<string>();
            while (colours.Count < users.Count)
            {
                var cfill = await u.ExpectAsync("cfill");
                if (cfill.Args[2] is "65" or "66" or "67")
                {
                    colours.Add(cfill.Args[2]);
                }
            }
        }

        // Leave in a different order per session.
        var order = n % 2 == 0 ? users : Enumerable.Reverse(users).ToList();
        var worst = GuacamoleStatus.Success;
        foreach (var u in order)
        {
            var status = await u.DisconnectAsync();
            if (status != GuacamoleStatus.Success)
            {
                worst = status;
            }
        }

        await owner.Session.EndedAsync();
        return worst;
    }
}
