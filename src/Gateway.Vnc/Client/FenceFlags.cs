namespace Gateway.Vnc.Client;

/// <summary>The flags of the community rfbproto Fence messages (ServerFence 248 and ClientFence 248).</summary>
public static class FenceFlags
{
    /// <summary>Everything before the fence must have taken effect before the answer is sent.</summary>
    public const uint BlockBefore = 1;

    /// <summary>Nothing after the fence may be processed until the answer is sent.</summary>
    public const uint BlockAfter = 2;

    /// <summary>The message after the fence is applied atomically with respect to the answer.</summary>
    public const uint SyncNext = 4;

    /// <summary>The fence asks for an answer (clear in the answer itself).</summary>
    public const uint Request = 1u << 31;
}
