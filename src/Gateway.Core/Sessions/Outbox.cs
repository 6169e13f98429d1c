using System.Buffers;
using System.Threading.Channels;

namespace Gateway.Core.Sessions;

/// <summary>
/// A user's bounded output queue: producers append whole instructions from any thread; one consumer
/// takes everything queued as one batch. Two buffers swap so producers never wait for the network.
/// </summary>
internal sealed class Outbox
{
    private const int ShrinkAbove = 256 * 1024;
    private readonly object _gate = new();
    private readonly long _limit;
    private readonly Channel<byte> _signal = Channel.CreateBounded<byte>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private ArrayBufferWriter<byte> _filling = new(4096);
    private ArrayBufferWriter<byte> _draining = new(4096);
    private bool _closed;

    public Outbox(long limit)
    {
        _limit = limit;
    }

    /// <summary>Bytes queued and not yet taken.</summary>
    public long Pending
    {
        get
        {
            lock (_gate)
            {
                return _filling.WrittenCount;
            }
        }
    }

    /// <summary>Queues whole instructions. False when closed or when the limit would be exceeded.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> instructions)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_filling.WrittenCount + (long)instructions.Length > _limit)
            {
                return false;
            }

            _filling.Write(instructions);
        }

        _signal.Writer.TryWrite(0);
        return true;
    }

    /// <summary>Stops accepting output; the consumer still gets what was queued.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _signal.Writer.TryComplete();
    }

    /// <summary>
    /// Waits for output and returns everything queued (valid until the next call), or empty when closed
    /// and drained.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_draining.Capacity > ShrinkAbove)
                {
                    _draining = new ArrayBufferWriter<byte>(4096);
                }
                else
                {
                    _draining.ResetWrittenCount();
                }

                if (_filling.WrittenCount > 0)
                {
                    (_filling, _draining) = (_draining, _filling);
                    return _draining.WrittenMemory;
                }

                if (_closed)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }
            }

            if (!await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Completed: loop once more to drain whatever is left.
                lock (_gate)
                {
                    if (_filling.WrittenCount == 0)
                    {
                        return ReadOnlyMemory<byte>.Empty;
                    }
                }

                continue;
            }

            _signal.Reader.TryRead(out _);
        }
    }
}
