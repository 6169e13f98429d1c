namespace Gateway.Display.Encoding;

/// <summary>
/// A fixed set of worker threads shared by every display, so that image encoding across all sessions never
/// uses more than <see cref="Degree"/> pool threads however many sessions flush at once.
/// <para>
/// <see cref="Run"/> works like a parallel loop: the calling thread claims items too, and helpers are queued
/// to the workers only while items remain. The caller waits for items, never for helpers, so a batch always
/// finishes even when every worker is busy with other sessions' batches (the caller then encodes it alone).
/// </para>
/// </summary>
public sealed class EncoderPool : IDisposable
{
    private readonly System.Collections.Concurrent.BlockingCollection<Batch> _queue = new(new System.Collections.Concurrent.ConcurrentQueue<Batch>());
    private readonly Thread[] _workers;

    /// <summary>Starts <paramref name="degree"/> background worker threads.</summary>
    public EncoderPool(int degree)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        Degree = degree;
        _workers = new Thread[degree];
        for (int i = 0; i < degree; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = "image encoder " + i };
            _workers[i].Start();
        }
    }

    /// <summary>The process-wide pool, one worker per processor.</summary>
    public static EncoderPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>How many worker threads the pool has.</summary>
    public int Degree { get; }

    /// <summary>
    /// Runs <paramref name="work"/> for every index in [0, <paramref name="count"/>) on the caller and up to
    /// <see cref="Degree"/> workers, and returns once all have finished. The first exception thrown by an item
    /// is rethrown here after every item has finished or been skipped.
    /// </summary>
    public void Run(int count, Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        var batch = new Batch(count, work);
        if (count > 1 && !_queue.IsAddingCompleted)
        {
            int helpers = Math.Min(Degree, count - 1);
            for (int i = 0; i < helpers; i++)
            {
                try
                {
                    _queue.Add(batch);
                }
                catch (InvalidOperationException)
                {
                    break; // disposed: the caller does the rest
                }
            }
        }

        batch.Help();
        batch.Wait();
        if (batch.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>Stops the workers once they have run what is queued.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _queue.Dispose();
    }

    private void WorkerLoop()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            batch.Help();
        }
    }

    private sealed class Batch(int count, Action<int> work)
    {
        private readonly object _gate = new();
        private int _next = -1;
        private int _finished;
        private Exception? _failure;

        public Exception? Failure
        {
            get
            {
                lock (_gate)
                {
                    return _failure;
                }
            }
        }

        /// <summary>Claims and runs items until none is left; after a failure the rest are skipped.</summary>
        public void Help()
        {
            while (true)
            {
                int index = Interlocked.Increment(ref _next);
                if (index >= count)
                {
                    return;
                }

                try
                {
                    if (Volatile.Read(ref _failure) is null)
                    {
                        work(index);
                    }
                }
                catch (Exception ex)
                {
                    lock (_gate)
                    {
                        _failure ??= ex;
                    }
                }

                if (Interlocked.Increment(ref _finished) == count)
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }

        /// <summary>Blocks until every item has finished.</summary>
        public void Wait()
        {
            lock (_gate)
            {
                while (Volatile.Read(ref _finished) < count)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
    }
}
