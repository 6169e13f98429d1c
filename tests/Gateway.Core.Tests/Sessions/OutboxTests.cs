using System.Text;
using Gateway.Core.Sessions;

namespace Gateway.Core.Tests.Sessions;

public sealed class OutboxTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Everything_queued_comes_out_as_one_batch_in_order()
    {
        var outbox = new Outbox(1024);

        Assert.True(outbox.TryEnqueue("1.a;"u8));
        Assert.True(outbox.TryEnqueue("1.b;"u8));
        Assert.True(outbox.TryEnqueue("1.c;"u8));
        Assert.Equal(12, outbox.Pending);

        var batch = await outbox.TakeAsync(CancellationToken.None);

        Assert.Equal("1.a;1.b;1.c;", Encoding.ASCII.GetString(batch.Span));
        Assert.Equal(0, outbox.Pending);
    }

    [Fact]
    public async Task A_taken_batch_stays_intact_while_producers_keep_writing()
    {
        var outbox = new Outbox(1024);
        outbox.TryEnqueue("first;"u8);

        var batch = await outbox.TakeAsync(CancellationToken.None);
        outbox.TryEnqueue("second;"u8);
        outbox.TryEnqueue("third;"u8);

        Assert.Equal("first;", Encoding.ASCII.GetString(batch.Span));
        Assert.Equal("second;third;", Encoding.ASCII.GetString((await outbox.TakeAsync(CancellationToken.None)).Span));
    }

    [Fact]
    public async Task Take_waits_for_output()
    {
        var outbox = new Outbox(1024);
        var take = outbox.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(take.IsCompleted);

        outbox.TryEnqueue("x;"u8);

        Assert.Equal("x;", Encoding.ASCII.GetString((await take.WaitAsync(Bound)).Span));
    }

    [Fact]
    public async Task Take_can_be_cancelled()
    {
        var outbox = new Outbox(1024);
        using var cts = new CancellationTokenSource();
        var take = outbox.TakeAsync(cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take.WaitAsync(Bound));
    }

    [Fact]
    public async Task Close_drains_what_was_queued_then_reports_the_end()
    {
        var outbox = new Outbox(1024);
        outbox.TryEnqueue("a;"u8);
        outbox.TryEnqueue("b;"u8);

        outbox.Close();

        Assert.False(outbox.TryEnqueue("late;"u8));
        Assert.Equal("a;b;", Encoding.ASCII.GetString((await outbox.TakeAsync(CancellationToken.None)).Span));
        Assert.True((await outbox.TakeAsync(CancellationToken.None)).IsEmpty);
        Assert.True((await outbox.TakeAsync(CancellationToken.None)).IsEmpty);
    }

    [Fact]
    public async Task Close_wakes_a_waiting_consumer()
    {
        var outbox = new Outbox(1024);
        var take = outbox.TakeAsync(CancellationToken.None).AsTask();

        outbox.Close();

        Assert.True((await take.WaitAsync(Bound)).IsEmpty);
    }

    [Fact]
    public async Task The_queue_never_holds_more_than_its_limit()
    {
        var outbox = new Outbox(10);

        Assert.True(outbox.TryEnqueue("12345"u8));
        Assert.True(outbox.TryEnqueue("67890"u8));
        Assert.False(outbox.TryEnqueue("x"u8));
        Assert.Equal(10, outbox.Pending);

        // Taking frees the room again.
        Assert.Equal(10, (await outbox.TakeAsync(CancellationToken.None)).Length);
        Assert.True(outbox.TryEnqueue("abcdefghij"u8));
        Assert.False(outbox.TryEnqueue("abcdefghijk"u8));
    }

    [Fact]
    public async Task Many_producers_lose_nothing_and_keep_each_producers_order()
    {
        var outbox = new Outbox(16 * 1024 * 1024);
        const int Producers = 4;
        const int Each = 2000;
        var consumer = Task.Run(async () =>
        {
            var all = new StringBuilder();
            while (true)
            {
                var batch = await outbox.TakeAsync(CancellationToken.None);
                if (batch.IsEmpty)
                {
                    return all.ToString();
                }

                all.Append(Encoding.ASCII.GetString(batch.Span));
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < Each; i++)
            {
                Assert.True(outbox.TryEnqueue(Encoding.ASCII.GetBytes($"{p}:{i};")));
            }
        })));
        outbox.Close();
        var text = await consumer.WaitAsync(Bound);

        var items = text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split(':')).ToList();
        Assert.Equal(Producers * Each, items.Count);
        for (int p = 0; p < Producers; p++)
        {
            var mine = items.Where(x => x[0] == p.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(x => int.Parse(x[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, Each), mine);
        }
    }
}
