using Gateway.Server.Tokens;

namespace Gateway.Server.Tests.Tokens;

public sealed class MemoryTokenReplayCacheTests
{
    [Fact]
    public void Remembers_until_the_time_given_then_forgets()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock);
        DateTimeOffset until = clock.GetUtcNow().AddSeconds(10);

        Assert.Equal(TokenReplayResult.Accepted, cache.TryUse("a", until));
        Assert.Equal(TokenReplayResult.Reused, cache.TryUse("a", until));
        Assert.Equal(1, cache.Count);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TokenReplayResult.Reused, cache.TryUse("a", until));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenReplayResult.Accepted, cache.TryUse("b", clock.GetUtcNow().AddSeconds(5)));
        Assert.Equal(1, cache.Count);

        // Past its time, "a" is refused as expired rather than accepted again.
        Assert.Equal(TokenReplayResult.Expired, cache.TryUse("a", until));
    }

    [Fact]
    public void Full_cache_refuses_and_keeps_live_ids()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock, capacity: 3);
        DateTimeOffset until = clock.GetUtcNow().AddMinutes(1);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TokenReplayResult.Accepted, cache.TryUse($"id{i}", until));
        }

        Assert.Equal(TokenReplayResult.Full, cache.TryUse("id3", until));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TokenReplayResult.Reused, cache.TryUse($"id{i}", until));
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TokenReplayResult.Accepted, cache.TryUse("id3", clock.GetUtcNow().AddMinutes(1)));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Default_capacity_is_100k()
    {
        var cache = new MemoryTokenReplayCache(TokenTestKit.NewClock());

        Assert.Equal(100_000, cache.Capacity);
        Assert.Equal(100_000, new TokenOptions().MaxReplayEntries);
    }

    [Fact]
    public void Clock_stepping_back_does_not_revive_forgotten_ids()
    {
        var clock = new SettableClock(TokenTestKit.Start);
        var cache = new MemoryTokenReplayCache(clock);
        DateTimeOffset until = TokenTestKit.Start.AddSeconds(10);
        Assert.Equal(TokenReplayResult.Accepted, cache.TryUse("a", until));

        clock.Now = TokenTestKit.Start.AddSeconds(20);
        Assert.Equal(TokenReplayResult.Accepted, cache.TryUse("b", TokenTestKit.Start.AddSeconds(60)));

        clock.Now = TokenTestKit.Start.AddSeconds(5);
        Assert.Equal(TokenReplayResult.Expired, cache.TryUse("a", until));
    }

    [Fact]
    public void Concurrent_uses_of_one_id_accept_exactly_once()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock);
        DateTimeOffset until = clock.GetUtcNow().AddMinutes(1);
        var results = new TokenReplayResult[64];

        Parallel.For(0, results.Length, i => results[i] = cache.TryUse("same", until));

        Assert.Equal(1, results.Count(r => r == TokenReplayResult.Accepted));
        Assert.Equal(results.Length - 1, results.Count(r => r == TokenReplayResult.Reused));
    }

    [Fact]
    public void Concurrent_distinct_ids_respect_the_cap()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock, capacity: 100);
        DateTimeOffset until = clock.GetUtcNow().AddMinutes(1);
        var results = new TokenReplayResult[1000];

        Parallel.For(0, results.Length, i => results[i] = cache.TryUse($"id{i}", until));

        Assert.Equal(100, results.Count(r => r == TokenReplayResult.Accepted));
        Assert.Equal(900, results.Count(r => r == TokenReplayResult.Full));
        Assert.Equal(100, cache.Count);
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryTokenReplayCache(TimeProvider.System, 0));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
