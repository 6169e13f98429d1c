namespace Gateway.Core.Sessions;

/// <summary>
/// Per-user processing lag from <c>sync</c> round trips, as guacd estimates it: a frame's round trip is
/// split into network time (the round trip of the previous frame, as a baseline) and the client's
/// processing lag. Frame timestamps are the times the frames were sent, in ms.
/// Not thread-safe; the owning user serialises access.
/// </summary>
public sealed class LagEstimator
{
    /// <summary>Unacknowledged frames remembered; older ones are forgotten (the estimate stays conservative enough).</summary>
    public const int MaxTrackedFrames = 256;

    private readonly Queue<long> _unacked = new();
    private long _lastFrameDuration = -1;

    /// <summary>The timestamp of the newest <c>sync</c> sent to the client.</summary>
    public long LastSentTimestamp { get; private set; } = -1;

    /// <summary>The newest timestamp the client acknowledged.</summary>
    public long LastAckedTimestamp { get; private set; } = -1;

    /// <summary>The estimated network round trip, in ms.</summary>
    public long EstimatedRtt { get; private set; }

    /// <summary>The client's processing lag measured at its last acknowledgement, in ms.</summary>
    public long ProcessingLag { get; private set; }

    /// <summary>Frames sent and not yet acknowledged.</summary>
    public int UnackedFrames => _unacked.Count;

    /// <summary>Records that a frame ending with <c>sync,<paramref name="timestamp"/></c> was sent.</summary>
    public void FrameSent(long timestamp)
    {
        if (timestamp <= LastSentTimestamp)
        {
            return;
        }

        LastSentTimestamp = timestamp;
        if (_unacked.Count == MaxTrackedFrames)
        {
            _unacked.Dequeue();
        }

        _unacked.Enqueue(timestamp);
    }

    /// <summary>
    /// Records the client's <c>sync</c>. Returns false when the timestamp is newer than any sent, which
    /// guacd treats as a protocol violation.
    /// </summary>
    public bool Acknowledge(long timestamp, long now)
    {
        if (timestamp > LastSentTimestamp)
        {
            return false;
        }

        if (timestamp <= LastAckedTimestamp)
        {
            return true;
        }

        while (_unacked.Count > 0 && _unacked.Peek() <= timestamp)
        {
            _unacked.Dequeue();
        }

        long frameDuration = Math.Max(0, now - timestamp);
        long lagOfFrame = _lastFrameDuration < 0 ? 0 : Math.Max(0, frameDuration - _lastFrameDuration);
        EstimatedRtt = frameDuration - lagOfFrame;
        _lastFrameDuration = EstimatedRtt;
        LastAckedTimestamp = timestamp;
        ProcessingLag = lagOfFrame;
        return true;
    }

    /// <summary>The lag now: at least the measured lag, and growing while the oldest frame stays unacknowledged.</summary>
    public long CurrentLag(long now) =>
        _unacked.Count > 0
            ? Math.Max(ProcessingLag, now - _unacked.Peek() - EstimatedRtt)
            : ProcessingLag;
}
