namespace Gateway.Vnc.Messages;

/// <summary>One screen of an ExtendedDesktopSize rectangle or a SetDesktopSize message (community rfbproto): id, position, size, flags.</summary>
public readonly record struct ScreenLayout(uint Id, ushort X, ushort Y, ushort Width, ushort Height, uint Flags)
{
    /// <summary>Bytes of one screen on the wire.</summary>
    public const int Size = 16;
}
