using Gateway.Core.Sessions;

namespace Gateway.Core.Tests.Sessions;

public sealed class StreamIndexPoolTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void Indices_have_the_pools_parity(bool odd, int first)
    {
        var pool = new StreamIndexPool(4, odd);

        var taken = Enumerable.Range(0, 4).Select(_ => Take(pool)).ToList();

        Assert.Equal([first, first + 2, first + 4, first + 6], taken);
        Assert.All(taken, i => Assert.True(pool.IsAllocated(i)));
    }

    [Fact]
    public void A_full_pool_refuses()
    {
        var pool = new StreamIndexPool(3, odd: false);
        for (int i = 0; i < 3; i++)
        {
            Take(pool);
        }

        Assert.False(pool.TryAllocate(out int index));
        Assert.Equal(-1, index);
    }

    [Fact]
    public void A_freed_index_can_be_taken_again()
    {
        var pool = new StreamIndexPool(3, odd: true);
        int a = Take(pool);
        int b = Take(pool);
        Take(pool);

        pool.Free(b);

        Assert.False(pool.IsAllocated(b));
        Assert.Equal(b, Take(pool));
        pool.Free(a);
        Assert.Equal(a, Take(pool));
        Assert.False(pool.TryAllocate(out _));
    }

    [Fact]
    public void Indices_are_handed_out_round_robin_so_a_freed_one_is_not_reused_at_once()
    {
        var pool = new StreamIndexPool(4, odd: false);
        int first = Take(pool);
        pool.Free(first);

        Assert.Equal(2, Take(pool));
        Assert.Equal(4, Take(pool));
        Assert.Equal(6, Take(pool));
        Assert.Equal(first, Take(pool)); // wraps around to the freed one
    }

    [Fact]
    public void Foreign_indices_are_ignored()
    {
        var even = new StreamIndexPool(2, odd: false);
        var odd = new StreamIndexPool(2, odd: true);
        int e0 = Take(even);
        int e1 = Take(even);
        int o0 = Take(odd);

        odd.Free(e0);       // wrong parity
        even.Free(o0);
        even.Free(-2);      // negative
        even.Free(4);       // beyond capacity
        even.Free(int.MaxValue - 1);
        even.Free(int.MinValue);
        odd.Free(99);

        Assert.True(even.IsAllocated(e0));
        Assert.True(even.IsAllocated(e1));
        Assert.True(odd.IsAllocated(o0));
        Assert.False(even.IsAllocated(o0));
        Assert.False(odd.IsAllocated(e0));
        Assert.False(even.IsAllocated(-2));
        Assert.False(even.IsAllocated(4));
        Assert.False(even.TryAllocate(out _));
    }

    [Fact]
    public void Freeing_twice_or_freeing_a_never_taken_index_is_harmless()
    {
        var pool = new StreamIndexPool(2, odd: false);
        int a = Take(pool);

        pool.Free(a);
        pool.Free(a);
        pool.Free(2);

        Assert.Equal(2, Take(pool));
        Assert.Equal(a, Take(pool));
        Assert.False(pool.TryAllocate(out _));
    }

    [Fact]
    public void Guacd_capacity_covers_512_indices_of_each_parity()
    {
        var user = new StreamIndexPool(512, odd: false);
        var broadcast = new StreamIndexPool(512, odd: true);

        var even = Enumerable.Range(0, 512).Select(_ => Take(user)).ToHashSet();
        var odd = Enumerable.Range(0, 512).Select(_ => Take(broadcast)).ToHashSet();

        Assert.Equal(Enumerable.Range(0, 512).Select(i => 2 * i).ToHashSet(), even);
        Assert.Equal(Enumerable.Range(0, 512).Select(i => (2 * i) + 1).ToHashSet(), odd);
    }

    [Fact]
    public async Task Concurrent_allocation_never_hands_out_an_index_twice()
    {
        var pool = new StreamIndexPool(512, odd: false);

        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var mine = new List<int>();
            while (pool.TryAllocate(out int i))
            {
                mine.Add(i);
            }

            return mine;
        })));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(512, all.Count);
        Assert.Equal(512, all.Distinct().Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Capacity_must_be_positive(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamIndexPool(capacity, odd: false));
    }

    [Fact]
    public async Task Sessions_allocate_odd_broadcast_indices_and_users_even_ones()
    {
        var time = Tests.Support.Harness.NewTime();
        await using var manager = Tests.Support.Harness.Manager(time);
        var owner = await Tests.Support.TestClient.StartAsync(manager);

        Assert.Equal(1, Take(owner.Session.BroadcastStreams) & 1);
        Assert.Equal(0, Take(owner.User.Streams) & 1);
        await owner.DisconnectAsync();
    }

    private static int Take(StreamIndexPool pool)
    {
        Assert.True(pool.TryAllocate(out int index));
        return index;
    }
}
