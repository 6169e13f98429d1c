namespace Gateway.Display.Planning;

/// <summary>
/// Exact-size pixel arrays for image operations, handed back by <see cref="FramePlan.ReleaseBuffers"/>. Image
/// operations promise tightly packed pixels (<c>Pixels.Length == width * height * 4</c>), so arrays are kept per
/// length instead of in <see cref="System.Buffers.ArrayPool{T}"/>'s power-of-two buckets. A frame's regions come in
/// few sizes (512×512 tiles and the edges of the changed area), so reuse is high. Thread-safe: plans may be released
/// on another thread than the planner's.
/// </summary>
internal sealed class PixelBufferPool
{
    /// <summary>Most bytes kept for reuse; arrays returned beyond this are left to the collector.</summary>
    public const long MaxRetainedBytes = 64L * 1024 * 1024;

    /// <summary>Most bytes the process-wide pool of image pixels keeps: a few frames' worth, whatever the number of sessions.</summary>
    public const long SharedMaxRetainedBytes = 32L * 1024 * 1024;

    /// <summary>Most bytes the process-wide pool of whole-layer pictures keeps (a few layers being planned at once).</summary>
    public const long PicturesMaxRetainedBytes = 48L * 1024 * 1024;

    private readonly long _maxRetained;

    public PixelBufferPool(long maxRetainedBytes = MaxRetainedBytes)
    {
        _maxRetained = maxRetainedBytes;
    }

    /// <summary>
    /// The pool of image pixels every planner shares, so that an idle session keeps none and busy sessions reuse each
    /// other's arrays.
    /// </summary>
    public static PixelBufferPool Shared { get; } = new(SharedMaxRetainedBytes);

    /// <summary>
    /// The pool of layer-sized arrays (frame-start pictures saved by the model, planning's scratch pictures), apart
    /// from <see cref="Shared"/> so that images of many odd sizes never crowd them out.
    /// </summary>
    public static PixelBufferPool Pictures { get; } = new(PicturesMaxRetainedBytes);

    /// <summary>Arrays smaller than this are cheap to allocate and are not kept.</summary>
    public const int MinPooledBytes = 4096;

    private readonly Dictionary<int, Stack<byte[]>> _free = new();
    private readonly Lock _lock = new();
    private long _retained;

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
}
