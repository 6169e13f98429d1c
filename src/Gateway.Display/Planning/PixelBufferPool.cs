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
    /// <summary>
    /// Most bytes kept for reuse by default, and by the process-wide pool of image pixels (a few frames' worth, whatever
    /// the number of sessions); arrays returned beyond this are left to the collector.
    /// </summary>
    public const long MaxRetainedBytes = 32L * 1024 * 1024;

    /// <summary>Most bytes the process-wide pool of whole-layer pictures keeps (a few layers being planned at once).</summary>
    public const long PicturesMaxRetainedBytes = 48L * 1024 * 1024;

    /// <summary>Arrays smaller than this are cheap to allocate and are not kept.</summary>
    public const int MinPooledBytes = 4096;

    /// <summary>How long the process-wide pools keep arrays that nobody rents.</summary>
    public static readonly TimeSpan IdleTrimInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<int, Stack<byte[]>> _free = new();
    private readonly Lock _lock = new();
    private readonly long _maxRetained;
    private readonly Timer? _trimTimer;
    private long _retained;
    private bool _rentedSinceTrim;

    /// <summary>
    /// A pool keeping at most <paramref name="maxRetainedBytes"/>; with a <paramref name="trimInterval"/>, it drops its
    /// arrays when nothing was rented during a whole interval (otherwise they stay until <see cref="Trim"/>).
    /// </summary>
    public PixelBufferPool(long maxRetainedBytes = MaxRetainedBytes, TimeSpan? trimInterval = null)
    {
        _maxRetained = maxRetainedBytes;
        if (trimInterval is { } interval)
        {
            _trimTimer = new Timer(static state => ((PixelBufferPool)state!).TrimIfIdle(), this, interval, interval);
        }
    }

    /// <summary>
    /// The pool of image pixels every planner shares, so that an idle session keeps none and busy sessions reuse each
    /// other's arrays.
    /// </summary>
    public static PixelBufferPool Shared { get; } = new(MaxRetainedBytes, IdleTrimInterval);

    /// <summary>
    /// The pool of layer-sized arrays (frame-start pictures saved by the model, planning's scratch pictures), apart
    /// from <see cref="Shared"/> so that images of many odd sizes never crowd them out.
    /// </summary>
    public static PixelBufferPool Pictures { get; } = new(PicturesMaxRetainedBytes, IdleTrimInterval);

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
            if (_retained + array.Length > _maxRetained)
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
