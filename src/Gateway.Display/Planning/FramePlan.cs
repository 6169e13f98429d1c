namespace Gateway.Display.Planning;

/// <summary>The operations that bring every client from the last frame to the current one, in order.</summary>
public sealed class FramePlan
{
    public FramePlan(long frameNumber, IReadOnlyList<PlanOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        FrameNumber = frameNumber;
        Operations = operations;
    }

    public long FrameNumber { get; }

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
}
