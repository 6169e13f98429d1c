namespace Gateway.Display.Planning;

/// <summary>
/// Exact-size pixel arrays for image operations, handed back by <see cref="FramePlan.ReleaseBuffers"/>. Image
/// operations promise tightly packed pixels (<c>Pixels.Length == width * height * 4</c>), so arrays are kept per
/// length instead of in <see cref="System.Buffers.ArrayPool{T}"/>'s power-of-two buckets. A frame's regions come in
/// few sizes (512×512 tiles and the edges of the changed area), so reuse is high. Thread-safe: plans may be released
/// on another thread than the planner's.
/// </summary>
/// <remarks>
/// Planners share <see cref="Shared"/>, so what a session keeps between frames is not multiplied by the number of
/// sessions (a per-planner pool kept the tiles of each session's largest frame: megabytes per idle session), and a
/// pool nobody rented from for a whole <see cref="IdleTrimInterval"/> lets its arrays go.
/// </remarks>
internal sealed class PixelBufferPool : IDisposable
{
    /// <summary>Most bytes kept for reuse; arrays returned beyond this are left to the collector.</summary>
    public const long MaxRetainedBytes = 32L * 1024 * 1024;

    /// <summary>How long the pool keeps arrays that nobody rents.</summary>
    public static readonly TimeSpan IdleTrimInterval = TimeSpan.FromSeconds(10);

    /// <summary>The pool every planner uses.</summary>
    public static PixelBufferPool Shared { get; } = new(IdleTrimInterval);

    private readonly Timer? _trimTimer;
    private bool _rentedSinceTrim;

    /// <summary>Arrays smaller than this are cheap to allocate and are not kept.</summary>
    public const int MinPooledBytes = 4096;

    private readonly Dictionary<int, Stack<byte[]>> _free = new();
    private readonly Lock _lock = new();
    private long _retained;

    /// <summary>A pool that keeps its arrays until <see cref="Trim"/> is called.</summary>
    public PixelBufferPool()
    {
    }

    /// <summary>A pool that drops its arrays when nothing was rented during a whole <paramref name="trimInterval"/>.</summary>
    public PixelBufferPool(TimeSpan trimInterval)
    {
        _trimTimer = new Timer(static state => ((PixelBufferPool)state!).TrimIfIdle(), this, trimInterval, trimInterval);
    }

    public long RetainedBytes
    {
        get
        {
            lock (_lock)
            {
                return _retained;
            }
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> bytes; its contents are unspecified.</summary>
    public byte[] Rent(int length)
    {
        if (length >= MinPooledBytes)
        {
            lock (_lock)
            {
                _rentedSinceTrim = true;
                if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
                {
                    _retained -= array.Length;
                    return array;
                }
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    public void Return(byte[] array)
    {
        if (array.Length < MinPooledBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_retained + array.Length > MaxRetainedBytes)
            {
                return;
            }

            if (!_free.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<byte[]>();
                _free.Add(array.Length, stack);
            }

            stack.Push(array);
            _retained += array.Length;
        }
    }

    public void Dispose() => _trimTimer?.Dispose();

    /// <summary>Drops every kept array.</summary>
    public void Trim()
    {
        lock (_lock)
        {
            _free.Clear();
            _retained = 0;
        }
    }

    /// <summary>The timer's tick: drops the kept arrays when nothing was rented since the previous tick.</summary>
    internal void TrimIfIdle()
    {
        lock (_lock)
        {
            if (!_rentedSinceTrim)
            {
                _free.Clear();
                _retained = 0;
            }

            _rentedSinceTrim = false;
        }
    }
}
