namespace Gateway.Vnc.Messages;

/// <summary>Flag bits of an Extended Clipboard message (community rfbproto "Extended Clipboard Pseudo-Encoding").</summary>
public static class ExtendedClipboardFlags
{
    /// <summary>Format: UTF-8 text, NUL-terminated, CRLF line ends.</summary>
    public const uint Text = 1u << 0;

    /// <summary>Format: rich text.</summary>
    public const uint Rtf = 1u << 1;

    /// <summary>Format: HTML.</summary>
    public const uint Html = 1u << 2;

    /// <summary>Format: device-independent bitmap.</summary>
    public const uint Dib = 1u << 3;

    /// <summary>Format: files.</summary>
    public const uint Files = 1u << 4;

    /// <summary>Mask of the format bits.</summary>
    public const uint FormatMask = 0xFFFF;

    /// <summary>Action: the sender's capabilities (one U32 size limit per format follows).</summary>
    public const uint Caps = 1u << 24;

    /// <summary>Action: send me the listed formats.</summary>
    public const uint Request = 1u << 25;

    /// <summary>Action: tell me which formats you have.</summary>
    public const uint Peek = 1u << 26;

    /// <summary>Action: these formats are now available.</summary>
    public const uint Notify = 1u << 27;

    /// <summary>Action: here is the data (zlib stream of size + bytes per format).</summary>
    public const uint Provide = 1u << 28;

    /// <summary>Mask of the action bits.</summary>
    public const uint ActionMask = 0xFF000000;
}
