namespace Gateway.Vnc.Messages;

/// <summary>
/// Community rfbproto ExtendedDesktopSize pseudo-encoding: the rectangle's x is the reason (0 server, 1 this client,
/// 2 another client), y the status of a SetDesktopSize request (0 success), width and height the new framebuffer
/// size, followed by the screen layout.
/// </summary>
public sealed record ExtendedDesktopSize(int Reason, int Status, int Width, int Height, IReadOnlyList<ScreenLayout> Screens)
{
    /// <summary>Reason: the server changed the size itself.</summary>
    public const int ReasonServer = 0;

    /// <summary>Reason: this client asked for the change.</summary>
    public const int ReasonThisClient = 1;

    /// <summary>Reason: another client asked for the change.</summary>
    public const int ReasonOtherClient = 2;
}
