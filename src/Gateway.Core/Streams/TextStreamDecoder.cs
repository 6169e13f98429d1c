using System.Text;

namespace Gateway.Core.Streams;

/// <summary>
/// Decodes text that browsers send in streams (clipboard, argv). guacamole-common-js 1.5.0's
/// <c>StringWriter</c> encodes a character outside the Basic Multilingual Plane as two 3-byte surrogate
/// sequences (CESU-8) instead of one 4-byte UTF-8 sequence; this accepts both and rejects anything else
/// that is not UTF-8.
/// </summary>
public static class TextStreamDecoder
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 (or CESU-8 surrogate pairs); false for anything else.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = Strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
        }

        return TryDecodeCesu8(bytes, out text);
    }

    /// <summary>Rewrites CESU-8 surrogate pairs as proper UTF-8; other bytes pass unchanged. Null if not decodable.</summary>
    public static byte[]? NormalizeToUtf8(ReadOnlySpan<byte> bytes) =>
        TryDecode(bytes, out var text) ? Encoding.UTF8.GetBytes(text) : null;

    private static bool TryDecodeCesu8(ReadOnlySpan<byte> bytes, out string text)
    {
        var builder = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b < 0x80)
            {
                builder.Append((char)b);
                i++;
                continue;
            }

            // A 3-byte sequence may encode a surrogate (ED A0..BF xx): take it as a UTF-16 unit and
            // insist that a high surrogate is followed by a low one.
            if (b == 0xED && i + 2 < bytes.Length && bytes[i + 1] >= 0xA0 && bytes[i + 1] <= 0xBF && (bytes[i + 2] & 0xC0) == 0x80)
            {
                char unit = (char)(((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
                if (!char.IsHighSurrogate(unit) || i + 5 >= bytes.Length || bytes[i + 3] != 0xED
                    || bytes[i + 4] < 0xB0 || bytes[i + 4] > 0xBF || (bytes[i + 5] & 0xC0) != 0x80)
                {
                    text = string.Empty;
                    return false;
                }

                char low = (char)(((bytes[i + 3] & 0x0F) << 12) | ((bytes[i + 4] & 0x3F) << 6) | (bytes[i + 5] & 0x3F));
                builder.Append(unit).Append(low);
                i += 6;
                continue;
            }

            int length = b switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            if (length == 0 || i + length > bytes.Length)
            {
                text = string.Empty;
                return false;
            }

            try
            {
                builder.Append(Strict.GetString(bytes.Slice(i, length)));
            }
            catch (DecoderFallbackException)
            {
                text = string.Empty;
                return false;
            }

            i += length;
        }

        text = builder.ToString();
        return true;
    }
}
