using System.Runtime.InteropServices;
using System.Text;

namespace Gateway.Protocol;

/// <summary>Counting Unicode code points, the unit of Guacamole element lengths.</summary>
public static class CodePoints
{
    /// <summary>
    /// Code points in UTF-16 text as it will be sent: a valid surrogate pair is one, and a lone
    /// surrogate is one (it is sent as U+FFFD).
    /// </summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        // Searched as ushort: the char instantiation of IndexOfAnyInRange boxes its bounds when the
        // caller is not optimised (debug builds, tier 0), and this runs for every string element written.
        int first = MemoryMarshal.Cast<char, ushort>(text).IndexOfAnyInRange((ushort)0xD800, (ushort)0xDFFF);
        if (first < 0)
        {
            return text.Length;
        }

        int pairs = 0;
        for (int i = first; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                pairs++;
                i++;
            }
        }

        return text.Length - pairs;
    }

    /// <summary>Code points in valid UTF-8: every byte that is not a continuation byte starts one.</summary>
    public static int CountUtf8(ReadOnlySpan<byte> utf8)
    {
        int first = utf8.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (first < 0)
        {
            return utf8.Length;
        }

        int continuation = 0;
        foreach (byte b in utf8[first..])
        {
            if ((b & 0xC0) == 0x80)
            {
                continuation++;
            }
        }

        return utf8.Length - continuation;
    }

    /// <summary>UTF-8 bytes that <paramref name="text"/> encodes to.</summary>
    public static int Utf8ByteCount(ReadOnlySpan<char> text) => Encoding.UTF8.GetByteCount(text);
}
