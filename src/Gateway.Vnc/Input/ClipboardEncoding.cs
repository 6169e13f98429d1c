using System.Text;

namespace Gateway.Vnc.Input;

/// <summary>
/// The <c>clipboard-encoding</c> parameter: how standard ServerCutText/ClientCutText bytes are read and written
/// (RFC 6143 says ISO 8859-1; some servers use UTF-8, UTF-16 or CP1252). Characters the encoding cannot hold become
/// '?'. Extended Clipboard text is always UTF-8 and does not use this.
/// </summary>
public sealed class ClipboardEncoding
{
    private readonly Encoding _encoding;

    private ClipboardEncoding(string name, Encoding encoding)
    {
        Name = name;
        _encoding = encoding;
    }

    /// <summary>The parameter value, e.g. <c>ISO8859-1</c>.</summary>
    public string Name { get; }

    /// <summary>The standard's encoding.</summary>
    public static ClipboardEncoding Latin1 { get; } = new("ISO8859-1", Encoding.Latin1);

    /// <summary>
    /// The encoding for a parameter value (case-insensitive: ISO8859-1, UTF-8, UTF-16, CP1252); unknown or empty values
    /// give ISO 8859-1, as guacd does.
    /// </summary>
    public static ClipboardEncoding FromName(string? name)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "UTF-8":
                return new("UTF-8", new UTF8Encoding(false, false));
            case "UTF-16":
                return new("UTF-16", new UnicodeEncoding(false, false, false));
            case "CP1252":
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return new("CP1252", Encoding.GetEncoding(1252, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback));
            default:
                return Latin1;
        }
    }

    /// <summary>Decodes text from the server.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => _encoding.GetString(bytes);

    /// <summary>Encodes text for the server.</summary>
    public byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ReferenceEquals(_encoding, Encoding.Latin1))
        {
            // Encoding.Latin1 drops to '?' for characters past U+00FF, which is what we want.
            return Encoding.Latin1.GetBytes(text);
        }

        return _encoding.GetBytes(text);
    }
}
