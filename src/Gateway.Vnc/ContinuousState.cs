namespace Gateway.Vnc;

/// <summary>Where a connection stands with community rfbproto continuous updates.</summary>
internal enum ContinuousState
{
    /// <summary>The server has not (yet) confirmed support: poll with incremental FramebufferUpdateRequests.</summary>
    Unknown,

    /// <summary>Enabled for the whole framebuffer: the server pushes updates, no polling.</summary>
    On,

    /// <summary>The server ended them after they were on: poll again and do not re-enable.</summary>
    Ended,
}
