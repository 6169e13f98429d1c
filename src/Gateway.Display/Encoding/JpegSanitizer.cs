using System.Buffers.Binary;

namespace Gateway.Display.Encoding;

/// <summary>
/// Checks a JPEG that came from an untrusted server and rewrites it for browsers: only a single-frame baseline
/// JPEG (SOF0, 8-bit samples, 1 or 3 components, of exactly the expected size) is accepted, made of SOI, DQT, DHT,
/// DRI, SOF0, SOS with its entropy-coded data, and EOI with nothing after it. APPn and COM segments are dropped.
/// Anything else (progressive or arithmetic coding, 12-bit samples, other markers, truncation, trailing bytes)
/// makes <see cref="TrySanitize"/> return false; it never throws for any input. The walk is bounded by the input
/// and allocates nothing.
/// </summary>
public static class JpegSanitizer
{
    private const byte Soi = 0xD8;
    private const byte Eoi = 0xD9;
    private const byte Sof0 = 0xC0;
    private const byte Dht = 0xC4;
    private const byte Sos = 0xDA;
    private const byte Dqt = 0xDB;
    private const byte Dri = 0xDD;
    private const byte App0 = 0xE0;
    private const byte App14 = 0xEE;
    private const byte App15 = 0xEF;
    private const byte Com = 0xFE;

    /// <summary>
    /// Copies <paramref name="jpeg"/> without its APPn and COM segments into <paramref name="output"/> (which needs
    /// at most <c>jpeg.Length</c> bytes) when it is an acceptable baseline JPEG of
    /// <paramref name="width"/>×<paramref name="height"/>; returns false otherwise (the output is then unspecified).
    /// </summary>
    public static bool TrySanitize(ReadOnlySpan<byte> jpeg, int width, int height, Span<byte> output, out int written)
    {
        written = 0;
        if (jpeg.Length < 4 || output.Length < jpeg.Length || jpeg[0] != 0xFF || jpeg[1] != Soi)
        {
            return false;
        }

        output[0] = 0xFF;
        output[1] = Soi;
        int w = 2;
        int pos = 2;
        int components = 0;
        Span<byte> ids = stackalloc byte[3];
        bool scanned = false;
        while (true)
        {
            // A marker: 0xFF, optional 0xFF fill bytes, then the marker code.
            if (pos >= jpeg.Length || jpeg[pos] != 0xFF)
            {
                return false;
            }

            while (pos < jpeg.Length && jpeg[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= jpeg.Length)
            {
                return false;
            }

            byte marker = jpeg[pos++];
            if (marker == Eoi)
            {
                if (!scanned || pos != jpeg.Length)
                {
                    return false;
                }

                output[w++] = 0xFF;
                output[w++] = Eoi;
                written = w;
                return true;
            }

            if (pos + 2 > jpeg.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[pos..]);
            if (length < 2 || pos + length > jpeg.Length)
            {
                return false;
            }

            var body = jpeg.Slice(pos + 2, length - 2);
            int next = pos + length;
            bool keep;
            switch (marker)
            {
                case >= App0 and <= App15:
                    // Adobe's APP14 may say the three components are RGB, not YCbCr: dropping it would change the colours.
                    if (marker == App14 && body.StartsWith("Adobe"u8))
                    {
                        return false;
                    }

                    keep = false;
                    break;
                case Com:
                    keep = false;
                    break;
                case Dqt:
                    keep = IsBaselineDqt(body);
                    break;
                case Dht:
                    keep = IsBaselineDht(body);
                    break;
                case Dri:
                    keep = body.Length == 2;
                    break;
                case Sof0:
                    keep = components == 0 && IsFrame(body, width, height, ids, out components);
                    break;
                case Sos:
                    keep = components != 0 && IsBaselineScan(body, ids[..components]);
                    break;
                default:
                    // Other frame types (progressive, arithmetic, lossless, 12-bit), DNL, DHP, EXP, JPG extensions, TEM, RSTn here.
                    return false;
            }

            if (marker is Dqt or Dht or Dri or Sof0 or Sos && !keep)
            {
                return false;
            }

            if (keep)
            {
                output[w++] = 0xFF;
                output[w++] = marker;
                jpeg.Slice(pos, length).CopyTo(output[w..]);
                w += length;
            }

            pos = next;
            if (marker == Sos)
            {
                int end = EntropyEnd(jpeg, pos);
                if (end < 0)
                {
                    return false;
                }

                jpeg[pos..end].CopyTo(output[w..]);
                w += end - pos;
                pos = end;
                scanned = true;
            }
        }
    }

    /// <summary>Where the entropy-coded data starting at <paramref name="start"/> ends (at the next marker's 0xFF), or -1 when it runs off the end.</summary>
    private static int EntropyEnd(ReadOnlySpan<byte> jpeg, int start)
    {
        int pos = start;
        while (true)
        {
            int ff = jpeg[pos..].IndexOf((byte)0xFF);
            if (ff < 0)
            {
                return -1;
            }

            pos += ff;
            if (pos + 1 >= jpeg.Length)
            {
                return -1;
            }

            byte after = jpeg[pos + 1];
            if (after == 0x00 || after is >= 0xD0 and <= 0xD7)
            {
                // A stuffed 0xFF data byte, or a restart marker inside the scan.
                pos += 2;
                continue;
            }

            if (after == 0xFF)
            {
                // Fill bytes before a marker: the marker starts at the last of them.
                pos++;
                continue;
            }

            return pos;
        }
    }

    private static bool IsBaselineDqt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        while (!body.IsEmpty)
        {
            // Baseline: 8-bit tables (Pq 0), destinations 0-3, 64 entries each.
            byte pqTq = body[0];
            if ((pqTq >> 4) != 0 || (pqTq & 0x0F) > 3 || body.Length < 65)
            {
                return false;
            }

            body = body[65..];
        }

        return true;
    }

    private static bool IsBaselineDht(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        while (!body.IsEmpty)
        {
            // Baseline: DC or AC (Tc 0/1), destinations 0-1, 16 code counts, then that many values.
            if (body.Length < 17 || (body[0] >> 4) > 1 || (body[0] & 0x0F) > 1)
            {
                return false;
            }

            int count = 0;
            for (int i = 1; i <= 16; i++)
            {
                count += body[i];
            }

            if (count > 256 || body.Length < 17 + count)
            {
                return false;
            }

            body = body[(17 + count)..];
        }

        return true;
    }

    private static bool IsFrame(ReadOnlySpan<byte> body, int width, int height, Span<byte> ids, out int components)
    {
        components = 0;
        if (body.Length < 6 || body[0] != 8)
        {
            return false;
        }

        int h = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        int w = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        int n = body[5];
        if (w != width || h != height || (n != 1 && n != 3) || body.Length != 6 + (3 * n))
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            var c = body.Slice(6 + (3 * i), 3);
            int hs = c[1] >> 4;
            int vs = c[1] & 0x0F;
            // Three components must carry the ids 1, 2, 3 that every decoder reads as YCbCr without a JFIF segment.
            if (hs is < 1 or > 4 || vs is < 1 or > 4 || c[2] > 3 || (n == 3 && c[0] != i + 1))
            {
                return false;
            }

            ids[i] = c[0];
        }

        components = n;
        return true;
    }

    private static bool IsBaselineScan(ReadOnlySpan<byte> body, ReadOnlySpan<byte> frameIds)
    {
        int frameComponents = frameIds.Length;
        if (body.IsEmpty)
        {
            return false;
        }

        int n = body[0];
        if (n < 1 || n > frameComponents || body.Length != 1 + (2 * n) + 3)
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            byte tables = body[2 + (2 * i)];
            if (!frameIds.Contains(body[1 + (2 * i)]) || (tables >> 4) > 1 || (tables & 0x0F) > 1)
            {
                return false;
            }
        }

        // Spectral selection 0..63 and no successive approximation: sequential, not progressive.
        var tail = body[(1 + (2 * n))..];
        return tail[0] == 0 && tail[1] == 63 && tail[2] == 0;
    }
}
