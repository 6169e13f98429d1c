using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Gateway.Display.Encoding;

/// <summary>
/// A PNG writer tuned for screen content. Opaque images become 8-bit RGB (colour type 2), images with alpha
/// 8-bit RGBA (type 6), and any image with at most 256 distinct colours becomes a palette image (type 3,
/// packed to 1/2/4 bits for ≤ 2/4/16 colours, with tRNS when a palette colour is translucent). Truecolour
/// rows use the Up filter (palette rows none), and the data is compressed with .NET's zlib(-ng) at level 1;
/// docs/PERFORMANCE.md has the measurements behind each choice. Thread-safe and stateless;
/// working memory comes from <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
public sealed class PngEncoder : IImageEncoder
{
    /// <summary>The largest width or height accepted.</summary>
    public const int MaxDimension = 16384;

    private const int BatchBytes = 64 * 1024;

    private readonly PngEncoderSettings _settings;

    /// <summary>Creates an encoder with the measured default settings.</summary>
    public PngEncoder()
        : this(PngEncoderSettings.Default)
    {
    }

    internal PngEncoder(PngEncoderSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ZLibLevel, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.ZLibLevel, 9);
        _settings = settings;
    }

    /// <inheritdoc />
    public ImageFormat Format => ImageFormat.Png;

    /// <inheritdoc />
    public string Mimetype => "image/png";

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<byte> bgra, int width, int height, int stride, EncodeOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EncoderArguments.Validate(bgra, width, height, stride, MaxDimension);

        byte[]? indices = null;
        try
        {
            Span<uint> palette = stackalloc uint[PngPalette.MaxColours];
            int colours = -1;
            // A sample of rows (see ContentClassifier) rules out most images with too many colours before
            // the full palette pass, which would otherwise scan until its 257th colour.
            if (_settings.Palette && ContentClassifier.Analyse(bgra, width, height, stride).Colours <= PngPalette.MaxColours)
            {
                indices = ArrayPool<byte>.Shared.Rent(width * height);
                colours = PngPalette.TryBuild(bgra, width, height, stride, options.HasAlpha, palette, indices);
            }

            PngChunkWriter.WriteSignature(output);
            if (colours > 0)
            {
                int bitDepth = _settings.LowBitDepth ? PngPalette.BitDepthFor(colours) : 8;
                WriteHeader(output, width, height, bitDepth, colourType: 3);
                WritePalette(output, palette[..colours]);
                WriteIndexedData(output, indices.AsSpan(0, width * height), width, height, bitDepth);
            }
            else
            {
                bool alpha = options.HasAlpha;
                WriteHeader(output, width, height, 8, colourType: alpha ? (byte)6 : (byte)2);
                WriteTrueColourData(output, bgra, width, height, stride, alpha ? 4 : 3);
            }

            PngChunkWriter.Write(output, "IEND"u8, []);
        }
        finally
        {
            if (indices is not null)
            {
                ArrayPool<byte>.Shared.Return(indices);
            }
        }
    }

    private static void WriteHeader(IBufferWriter<byte> output, int width, int height, int bitDepth, byte colourType)
    {
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = colourType;
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        PngChunkWriter.Write(output, "IHDR"u8, ihdr);
    }

    private static void WritePalette(IBufferWriter<byte> output, ReadOnlySpan<uint> palette)
    {
        Span<byte> plte = stackalloc byte[3 * PngPalette.MaxColours];
        Span<byte> trns = stackalloc byte[PngPalette.MaxColours];
        int trnsLength = 0;
        for (int i = 0; i < palette.Length; i++)
        {
            uint c = palette[i];
            plte[3 * i] = (byte)(c >> 16);
            plte[(3 * i) + 1] = (byte)(c >> 8);
            plte[(3 * i) + 2] = (byte)c;
            trns[i] = (byte)(c >> 24);
            if (trns[i] != 255)
            {
                trnsLength = i + 1;
            }
        }

        PngChunkWriter.Write(output, "PLTE"u8, plte[..(3 * palette.Length)]);
        if (trnsLength > 0)
        {
            PngChunkWriter.Write(output, "tRNS"u8, trns[..trnsLength]);
        }
    }

    private ZLibStream OpenCompressor(PngIdatStream idat) =>
        new(idat, new ZLibCompressionOptions { CompressionLevel = _settings.ZLibLevel, CompressionStrategy = _settings.Strategy }, leaveOpen: true);

    private void WriteIndexedData(IBufferWriter<byte> output, ReadOnlySpan<byte> indices, int width, int height, int bitDepth)
    {
        int rowBytes = ((width * bitDepth) + 7) / 8;
        byte[] batch = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, rowBytes + 1));
        try
        {
            using var idat = new PngIdatStream(output);
            using (ZLibStream zlib = OpenCompressor(idat))
            {
                int used = 0;
                bool repeatAsUp = _settings.Filter is PngFilterStrategy.SubOrUpWhenRepeated or PngFilterStrategy.SubOrUpByCost;
                for (int y = 0; y < height; y++)
                {
                    if (used + rowBytes + 1 > batch.Length)
                    {
                        zlib.Write(batch, 0, used);
                        used = 0;
                    }

                    ReadOnlySpan<byte> row = indices.Slice(y * width, width);
                    Span<byte> target = batch.AsSpan(used + 1, rowBytes);
                    if (repeatAsUp && y > 0 && row.SequenceEqual(indices.Slice((y - 1) * width, width)))
                    {
                        batch[used] = 2;
                        target.Clear();
                    }
                    else
                    {
                        batch[used] = 0;
                        PngPalette.Pack(row, target, bitDepth);
                    }

                    used += rowBytes + 1;
                }

                zlib.Write(batch, 0, used);
            }

            idat.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
        }
    }

    private void WriteTrueColourData(IBufferWriter<byte> output, ReadOnlySpan<byte> bgra, int width, int height, int stride, int bpp)
    {
        int rowBytes = width * bpp;
        int paddedBytes = PngPixels.Slack + rowBytes + PngPixels.Slack;
        byte[] rows = ArrayPool<byte>.Shared.Rent(3 * paddedBytes);
        byte[] batch = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, rowBytes + 1));
        try
        {
            Array.Clear(rows, 0, 2 * paddedBytes);
            Memory<byte> curMemory = rows.AsMemory(0, paddedBytes);
            Memory<byte> prevMemory = rows.AsMemory(paddedBytes, paddedBytes);
            using var idat = new PngIdatStream(output);
            using (ZLibStream zlib = OpenCompressor(idat))
            {
                int used = 0;
                for (int y = 0; y < height; y++)
                {
                    if (used + rowBytes + 1 > batch.Length)
                    {
                        zlib.Write(batch, 0, used);
                        used = 0;
                    }

                    Span<byte> cur = curMemory.Span;
                    Span<byte> prev = prevMemory.Span;
                    ReadOnlySpan<byte> source = bgra.Slice(y * stride, width * 4);
                    bool repeated = y > 0 && source.SequenceEqual(bgra.Slice((y - 1) * stride, width * 4));
                    Span<byte> target = batch.AsSpan(used + 1, rowBytes);
                    if (repeated && (_settings.Filter is PngFilterStrategy.SubOrUpWhenRepeated or PngFilterStrategy.SubOrUpByCost or PngFilterStrategy.Up))
                    {
                        // The converted row equals the previous converted row: Up gives zeros and cur stays valid.
                        batch[used] = 2;
                        target.Clear();
                        used += rowBytes + 1;
                        continue;
                    }

                    if (bpp == 3)
                    {
                        PngPixels.BgraToRgb(source, cur[PngPixels.Slack..], width);
                    }
                    else
                    {
                        PngPixels.BgraToRgba(source, cur[PngPixels.Slack..], width);
                    }

                    switch (_settings.Filter)
                    {
                        case PngFilterStrategy.None:
                            batch[used] = 0;
                            cur.Slice(PngPixels.Slack, rowBytes).CopyTo(target);
                            break;
                        case PngFilterStrategy.Up:
                            batch[used] = 2;
                            PngPixels.Up(cur[PngPixels.Slack..], prev[PngPixels.Slack..], target, rowBytes);
                            break;
                        case PngFilterStrategy.SubOrUpByCost when y > 0:
                            Span<byte> up = rows.AsSpan(2 * paddedBytes, rowBytes);
                            PngPixels.Sub(cur, target, rowBytes, bpp);
                            PngPixels.Up(cur[PngPixels.Slack..], prev[PngPixels.Slack..], up, rowBytes);
                            if (PngPixels.Cost(up) < PngPixels.Cost(target))
                            {
                                batch[used] = 2;
                                up.CopyTo(target);
                            }
                            else
                            {
                                batch[used] = 1;
                            }

                            break;
                        case PngFilterStrategy.Paeth:
                            batch[used] = 4;
                            PngPixels.Paeth(cur, prev, target, rowBytes, bpp);
                            break;
                        default:
                            batch[used] = 1;
                            PngPixels.Sub(cur, target, rowBytes, bpp);
                            break;
                    }

                    used += rowBytes + 1;
                    (curMemory, prevMemory) = (prevMemory, curMemory);
                }

                zlib.Write(batch, 0, used);
            }

            idat.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            ArrayPool<byte>.Shared.Return(rows);
        }
    }
}
