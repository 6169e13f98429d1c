namespace Gateway.Core.Sessions;

/// <summary>
/// Allocates server-side stream indices the way guacd does: user-level streams take even indices
/// (2i) and client-level (broadcast) streams odd ones (2i+1), with a fixed number of each.
/// Thread-safe.
/// </summary>
public sealed class StreamIndexPool
{
    private readonly object _gate = new();
    private readonly bool[] _used;
    private readonly int _parity;
    private int _next;

    /// <param name="capacity">How many indices (guacd: 512).</param>
    /// <param name="odd">True for client-level (odd) indices.</param>
    public StreamIndexPool(int capacity, bool odd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _used = new bool[capacity];
        _parity = odd ? 1 : 0;
    }

    /// <summary>Takes a free index, or returns false when all are in use.</summary>
    public bool TryAllocate(out int index)
    {
        lock (_gate)
        {
            for (int n = 0; n < _used.Length; n++)
            {
                int slot = (_next + n) % _used.Length;
                if (!_used[slot])
                {
                    _used[slot] = true;
                    _next = (slot + 1) % _used.Length;
                    index = (slot * 2) + _parity;
                    return true;
                }
            }
        }

        index = -1;
        return false;
    }

    /// <summary>Returns an index to the pool; unknown indices are ignored.</summary>
    public void Free(int index)
    {
        if (index < 0 || (index & 1) != _parity)
        {
            return;
        }

        int slot = index >> 1;
        lock (_gate)
        {
            if (slot < _used.Length)
            {
                _used[slot] = false;
            }
        }
    }

    /// <summary>True when <paramref name="index"/> belongs to this pool and is allocated.</summary>
    public bool IsAllocated(int index)
    {
        if (index < 0 || (index & 1) != _parity)
        {
            return false;
        }

        int slot = index >> 1;
        lock (_gate)
        {
            return slot < _used.Length && _used[slot];
        }
    }
}
