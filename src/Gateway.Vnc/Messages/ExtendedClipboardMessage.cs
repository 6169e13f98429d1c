namespace Gateway.Vnc.Messages;

/// <summary>
/// One Extended Clipboard message from the server (a ServerCutText with a negative length): the flags, for caps the
/// per-format size limits, and for provide the text (UTF-8, without its NUL) when the text format was included.
/// </summary>
public sealed record ExtendedClipboardMessage(uint Flags, IReadOnlyList<uint> FormatSizes, string? Text)
{
    /// <summary>The action bits of <see cref="Flags"/>.</summary>
    public uint Action => Flags & ExtendedClipboardFlags.ActionMask;

    /// <summary>The format bits of <see cref="Flags"/>.</summary>
    public uint Formats => Flags & ExtendedClipboardFlags.FormatMask;

    /// <summary>True when <paramref name="action"/> is set.</summary>
    public bool Has(uint action) => (Flags & action) != 0;
}
