using Gateway.Display.Planning;

namespace Gateway.Display.Tests.Planning;

public sealed class PixelBufferPoolTests
{
    [Fact]
    public void ReturnedArraysAreReusedByLength()
    {
        using var pool = new PixelBufferPool();
        var array = pool.Rent(64 * 64 * 4);
        pool.Return(array);
        Assert.Equal(array.Length, pool.RetainedBytes);
        Assert.Same(array, pool.Rent(64 * 64 * 4));
        Assert.Equal(0, pool.RetainedBytes);
        Assert.NotSame(array, pool.Rent(64 * 64 * 4));
    }

    [Fact]
    public void SmallArraysAndArraysPastTheCapAreNotKept()
    {
        using var pool = new PixelBufferPool();
        pool.Return(new byte[PixelBufferPool.MinPooledBytes - 1]);
        Assert.Equal(0, pool.RetainedBytes);
        int big = (int)(PixelBufferPool.MaxRetainedBytes / 2) + 1;
        pool.Return(new byte[big]);
        pool.Return(new byte[big]);
        Assert.Equal(big, pool.RetainedBytes);
    }

    [Fact]
    public void AnIdlePoolLetsItsArraysGo()
    {
        using var pool = new PixelBufferPool();
        pool.Return(pool.Rent(512 * 512 * 4));

        // A tick after a rent keeps the arrays (the pool is in use); the next tick with no rent drops them.
        pool.TrimIfIdle();
        Assert.Equal(512 * 512 * 4, pool.RetainedBytes);
        pool.TrimIfIdle();
        Assert.Equal(0, pool.RetainedBytes);
    }
}
