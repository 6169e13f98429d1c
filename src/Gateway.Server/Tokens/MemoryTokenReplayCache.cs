namespace Gateway.Server.Tokens;

/// <summary>
/// In-process <see cref="ITokenReplayCache"/>. Each id is kept until its remember-until time has
/// passed, then dropped. The number of live ids is capped; at the cap new ids are refused
/// (<see cref="TokenReplayResult.Full"/>) rather than forgetting ids that could still be replayed.
/// </summary>
public sealed class MemoryTokenReplayCache : ITokenReplayCache
{
    public const int DefaultCapacity = 100_000;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    // The latest time seen: a wall clock stepping backwards must not revive a forgotten id.
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    public MemoryTokenReplayCache(TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _timeProvider = timeProvider;
        Capacity = capacity;
    }

    /// <summary>Most ids remembered at once.</summary>
    public int Capacity { get; }

    /// <summary>Ids currently remembered (expired ones are dropped on the next use).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    public TokenReplayResult TryUse(string id, DateTimeOffset rememberUntil)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (now > _now)
            {
                _now = now;
            }

            Forget(_now);

            // An id this late may already have been forgotten; accepting it could accept a replay.
            if (rememberUntil < _now)
            {
                return TokenReplayResult.Expired;
            }

            if (_used.ContainsKey(id))
            {
                return TokenReplayResult.Reused;
            }

            if (_used.Count >= Capacity)
            {
                return TokenReplayResult.Full;
            }

            _used.Add(id, rememberUntil);
            _byExpiry.Enqueue(id, rememberUntil);
            return TokenReplayResult.Accepted;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out string? id, out DateTimeOffset until) && until < now)
        {
            _byExpiry.Dequeue();
            _used.Remove(id);
        }
    }
}
