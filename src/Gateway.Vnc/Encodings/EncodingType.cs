namespace Gateway.Vnc.Encodings;

/// <summary>RFB encoding and pseudo-encoding numbers (RFC 6143 7.7, 7.8 and the community registry).</summary>
public static class EncodingType
{
    public const int Raw = 0;
    public const int CopyRect = 1;
    public const int Rre = 2;
    public const int Hextile = 5;
    public const int Zlib = 6;
    public const int Tight = 7;
    public const int Zrle = 16;
    public const int Trle = 15;

    /// <summary>Tight's JPEG quality pseudo-encodings run from -32 (level 0) to -23 (level 9).</summary>
    public const int QualityLevel0 = -32;

    /// <summary>Compression level pseudo-encodings run from -256 (level 0) to -247 (level 9).</summary>
    public const int CompressLevel0 = -256;

    public const int DesktopSize = -223;
    public const int LastRect = -224;
    public const int Cursor = -239;
    public const int XCursor = -240;
    public const int QemuPointerMotionChange = -257;
    public const int QemuExtendedKeyEvent = -258;
    public const int QemuAudio = -259;
    public const int DesktopName = -307;
    public const int ExtendedDesktopSize = -308;
    public const int Fence = -312;
    public const int ContinuousUpdates = -313;
    public const int ExtendedClipboard = unchecked((int)0xC0A1E5CE);
}
