using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// What every decoder of one connection shares: the pixel format in force, the colour map (for formats that are
/// not true colour), and the limits that bound what a hostile server can make us allocate.
/// </summary>
public sealed class DecoderContext
{
    /// <summary>Default cap on the bytes one zlib-compressed rectangle may inflate to (64 MiB).</summary>
    public const int DefaultMaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>Default cap on the bytes of one compressed payload the server may announce (16 MiB).</summary>
    public const int DefaultMaxCompressedBytes = 16 * 1024 * 1024;

    /// <summary>Default cap on a cursor's width and height (pixels).</summary>
    public const int DefaultMaxCursorSize = 512;

    private PixelConverter? _converter;

    /// <summary>Creates a context for <paramref name="format"/>.</summary>
    public DecoderContext(PixelFormat format)
    {
        Format = format;
    }

    /// <summary>The pixel format the server encodes with (the one we last sent in SetPixelFormat, or ServerInit's).</summary>
    public PixelFormat Format { get; set; }

    /// <summary>
    /// The colour map for non-true-colour formats: entry i is the BGRA (opaque) colour of pixel value i. Updated by
    /// SetColourMapEntries (RFC 6143 7.6.2); 65536 entries so any 16-bit index is in range.
    /// </summary>
    public uint[] ColourMap { get; } = new uint[65536];

    /// <summary>Exchanges red and blue in every decoded pixel (guacd's <c>swap-red-blue</c> parameter).</summary>
    public bool SwapRedBlue { get; set; }

    /// <summary>Cap on the bytes one rectangle may inflate to.</summary>
    public int MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    /// <summary>Cap on one compressed payload's announced length.</summary>
    public int MaxCompressedBytes { get; init; } = DefaultMaxCompressedBytes;

    /// <summary>Cap on a Cursor/XCursor pseudo-rectangle's width and height.</summary>
    public int MaxCursorSize { get; init; } = DefaultMaxCursorSize;

    /// <summary>
    /// The converter for the current <see cref="Format"/> and <see cref="SwapRedBlue"/> (rebuilt when either
    /// changes); throws <see cref="RfbProtocolException"/> when the format is not valid.
    /// </summary>
    public PixelConverter Converter
    {
        get
        {
            var current = _converter;
            if (current is null || current.Format != Format || current.SwapRedBlue != SwapRedBlue)
            {
                current = new PixelConverter(Format, SwapRedBlue, ColourMap);
                _converter = current;
            }

            return current;
        }
    }
}
