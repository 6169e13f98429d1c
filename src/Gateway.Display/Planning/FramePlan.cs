using System.Buffers;

namespace Gateway.Display.Planning;

/// <summary>The operations that bring every client from the last frame to the current one, in order.</summary>
public sealed class FramePlan
{
    private PixelBufferPool? _pool;
    private List<byte[]>? _rented;

    public FramePlan(long frameNumber, IReadOnlyList<PlanOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        FrameNumber = frameNumber;
        Operations = operations;
    }

    internal FramePlan(long frameNumber, IReadOnlyList<PlanOperation> operations, PixelBufferPool pool, List<byte[]> rented)
        : this(frameNumber, operations)
    {
        _pool = pool;
        _rented = rented;
    }

    public long FrameNumber { get; }

    /// <summary>Arrays of <see cref="ArrayPool{T}.Shared"/> behind pre-encoded images, returned by <see cref="ReleaseBuffers"/>.</summary>
    internal List<byte[]>? EncodedBuffers { get; set; }

    public IReadOnlyList<PlanOperation> Operations { get; }

    /// <summary>True when the frame changed nothing a client can see: nothing needs sending.</summary>
    public bool IsEmpty => Operations.Count == 0;

    /// <summary>How many operations of one kind the plan holds.</summary>
    public int Count(PlanOperationKind kind)
    {
        int n = 0;
        foreach (var op in Operations)
        {
            if (op.Kind == kind)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Hands the pixel arrays of this plan's image operations back to the planner that made it, for later frames.
    /// Call it once the plan has been written (and encoded); afterwards the <see cref="PlanOperation.Pixels"/> of its
    /// operations must not be read, because a later plan may be filling the same arrays. Optional: a plan that is
    /// never released is simply collected. A second call does nothing.
    /// </summary>
    public void ReleaseBuffers()
    {
        var encoded = EncodedBuffers;
        EncodedBuffers = null;
        if (encoded is not null)
        {
            foreach (var array in encoded)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }

        var pool = Interlocked.Exchange(ref _pool, null);
        var rented = _rented;
        _rented = null;
        if (pool is null || rented is null)
        {
            return;
        }

        foreach (var array in rented)
        {
            pool.Return(array);
        }
    }
}
