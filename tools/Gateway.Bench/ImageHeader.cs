using System.Buffers.Binary;

namespace Gateway.Bench;

/// <summary>Width × height from the start of a PNG, JPEG or WebP file, or 0 when the header is not recognised.</summary>
internal static class ImageHeader
{
    public static long Pixels(ReadOnlySpan<byte> data)
    {
        // PNG: signature, then the IHDR chunk with width and height.
        if (data.Length >= 24 && data[0] == 0x89 && data[1] == (byte)'P' && data[2] == (byte)'N' && data[3] == (byte)'G')
        {
            return (long)BinaryPrimitives.ReadUInt32BigEndian(data[16..]) * BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        }

        // JPEG: walk the segments to the first start-of-frame marker.
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            int at = 2;
            while (at + 9 <= data.Length && data[at] == 0xFF)
            {
                byte marker = data[at + 1];
                int length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return (long)BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]) * BinaryPrimitives.ReadUInt16BigEndian(data[(at + 7)..]);
                }

                at += 2 + length;
            }

            return 0;
        }

        // WebP: RIFF....WEBP then a VP8 / VP8L / VP8X chunk.
        if (data.Length >= 30 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            var chunk = data[12..16];
            if (chunk.SequenceEqual("VP8 "u8))
            {
                return (long)(BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF) * (BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
            }

            if (chunk.SequenceEqual("VP8L"u8))
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
                return (long)((bits & 0x3FFF) + 1) * (((bits >> 14) & 0x3FFF) + 1);
            }

            if (chunk.SequenceEqual("VP8X"u8))
            {
                int w = 1 + (data[24] | (data[25] << 8) | (data[26] << 16));
                int h = 1 + (data[27] | (data[28] << 8) | (data[29] << 16));
                return (long)w * h;
            }
        }

        return 0;
    }
}
