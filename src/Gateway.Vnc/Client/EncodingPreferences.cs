using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Client;

/// <summary>
/// Builds the SetEncodings list (RFC 6143 7.5.2): the real encodings from the <c>encodings</c> parameter (names as
/// libvncclient's, space-separated, in preference order) or our full preference order, limited to those a decoder
/// exists for, then the pseudo-encodings the settings allow.
/// </summary>
public static class EncodingPreferences
{
    /// <summary>Our preference order when <c>encodings</c> is empty.</summary>
    public static IReadOnlyList<int> DefaultOrder { get; } =
        [EncodingType.Tight, EncodingType.Zrle, EncodingType.Trle, EncodingType.Hextile, EncodingType.Zlib, EncodingType.Rre, EncodingType.CopyRect, EncodingType.Raw];

    /// <summary>
    /// Compression level asked for when <c>compress-level</c> is -1 and Tight is offered: libvncclient's default,
    /// so the server sends what it sends to guacd.
    /// </summary>
    public const int DefaultCompressLevel = 3;

    /// <summary>
    /// JPEG quality asked for when <c>quality-level</c> is -1 and Tight is offered (libvncclient's default, as guacd
    /// runs it). Without a quality level TigerVNC never uses JPEG, and full-screen motion arrives as zlib-compressed
    /// true colour, which costs the server and the gateway several times more.
    /// </summary>
    public const int DefaultQualityLevel = 5;

    /// <summary>The encoding number for a libvncclient-style name, or null for an unknown name.</summary>
    public static int? FromName(string name) => name.ToUpperInvariant() switch
    {
        "RAW" => EncodingType.Raw,
        "COPYRECT" => EncodingType.CopyRect,
        "RRE" => EncodingType.Rre,
        "HEXTILE" => EncodingType.Hextile,
        "ZLIB" => EncodingType.Zlib,
        "TIGHT" => EncodingType.Tight,
        "ZRLE" => EncodingType.Zrle,
        "TRLE" => EncodingType.Trle,
        _ => null,
    };

    /// <summary>The whole list to send, most preferred first.</summary>
    public static int[] Build(
        string? encodings,
        IReadOnlyCollection<int> decoders,
        bool localCursor,
        int compressLevel,
        int qualityLevel,
        bool forceLossless,
        bool continuousUpdates = false)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        var list = new List<int>();
        IEnumerable<int> wanted = string.IsNullOrWhiteSpace(encodings)
            ? DefaultOrder
            : encodings.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(FromName).Where(e => e is not null).Select(e => e!.Value);
        foreach (int e in wanted)
        {
            if (decoders.Contains(e) && !list.Contains(e))
            {
                list.Add(e);
            }
        }

        if (!list.Contains(EncodingType.Raw))
        {
            list.Add(EncodingType.Raw); // every server must be able to fall back to raw
        }

        bool tight = list.Contains(EncodingType.Tight);
        if (compressLevel < 0 && tight)
        {
            compressLevel = DefaultCompressLevel;
        }

        if (qualityLevel < 0 && tight)
        {
            qualityLevel = DefaultQualityLevel;
        }

        if (compressLevel is >= 0 and <= 9)
        {
            list.Add(EncodingType.CompressLevel0 + compressLevel);
        }

        if (!forceLossless && qualityLevel is >= 0 and <= 9)
        {
            list.Add(EncodingType.QualityLevel0 + qualityLevel);
        }

        if (localCursor)
        {
            if (decoders.Contains(EncodingType.Cursor))
            {
                list.Add(EncodingType.Cursor);
            }

            if (decoders.Contains(EncodingType.XCursor))
            {
                list.Add(EncodingType.XCursor);
            }
        }

        list.AddRange(
        [
            EncodingType.ExtendedDesktopSize,
            EncodingType.DesktopSize,
            EncodingType.LastRect,
            EncodingType.DesktopName,
            EncodingType.QemuExtendedKeyEvent,
            EncodingType.QemuAudio,
            EncodingType.ExtendedClipboard,
            EncodingType.Fence,
        ]);
        if (continuousUpdates)
        {
            list.Add(EncodingType.ContinuousUpdates);
        }

        return [.. list];
    }
}
