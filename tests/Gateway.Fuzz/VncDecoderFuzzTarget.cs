using System.Buffers;
using System.Buffers.Binary;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Fuzz;

/// <summary>
/// Fuzz targets for the RFB rectangle decoders, one per encoding (selected by name). The input is
/// [format selector][x][y][width U16][height U16] then the rectangle's payload, decoded into a 96×96 framebuffer:
/// whole, as a multi-segment sequence, and (for short payloads) growing a byte at a time. Bad input must come back as
/// an <see cref="RfbProtocolException"/>; the ways of feeding must agree on the outcome and on the pixels drawn.
/// </summary>
public static class VncDecoderFuzzTarget
{
    /// <summary>Longer inputs are cut.</summary>
    public const int MaxInput = 64 * 1024;

    /// <summary>Framebuffer size used by the target.</summary>
    public const int FramebufferSize = 96;

    private const int HeaderBytes = 7;

    /// <summary>Target names (fuzz.sh's second argument is "vnc-" + one of these).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["raw", "copyrect", "rre", "hextile", "zlib", "zrle", "trle", "tight", "cursor", "xcursor"];

    /// <summary>
    /// Pixel formats the first input byte picks from (bit 7 sets swap-red-blue). Kept out of this type's static
    /// constructor: under AFL the instrumented Gateway.Vnc must not run before SharpFuzz has set up its trace map.
    /// </summary>
    public static IReadOnlyList<PixelFormat> Formats => FormatTable.All;

    /// <summary>A fresh decoder for <paramref name="name"/>.</summary>
    public static IRectangleDecoder Create(string name) => name switch
    {
        "raw" => new RawDecoder(),
        "copyrect" => new CopyRectDecoder(),
        "rre" => new RreDecoder(),
        "hextile" => new HextileDecoder(),
        "zlib" => new ZlibDecoder(),
        "zrle" => new ZrleDecoder(),
        "trle" => new TrleDecoder(),
        "tight" => new TightDecoder(),
        "cursor" => new CursorDecoder(),
        "xcursor" => new XCursorDecoder(),
        _ => throw new ArgumentException($"unknown vnc decoder target {name}", nameof(name)),
    };

    /// <summary>Builds a fuzz input from its parts (seed corpus and tests).</summary>
    public static byte[] Input(int format, int x, int y, int width, int height, ReadOnlySpan<byte> payload)
    {
        var input = new byte[HeaderBytes + payload.Length];
        input[0] = (byte)format;
        input[1] = (byte)x;
        input[2] = (byte)y;
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(3), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(5), (ushort)height);
        payload.CopyTo(input.AsSpan(HeaderBytes));
        return input;
    }

    /// <summary>Runs one input through the decoder <paramref name="name"/>; returns what the whole feed produced.</summary>
    public static DecodeStatus? Run(string name, ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxInput)
        {
            data = data[..MaxInput];
        }

        if (data.Length < HeaderBytes)
        {
            return null;
        }

        var format = Formats[(data[0] & 0x7F) % Formats.Count];
        bool swap = (data[0] & 0x80) != 0;
        var header = new RectangleHeader(
            data[1],
            data[2],
            BinaryPrimitives.ReadUInt16BigEndian(data[3..]),
            BinaryPrimitives.ReadUInt16BigEndian(data[5..]),
            Create(name).Encoding);
        var payload = data[HeaderBytes..];

        var whole = Feed(name, format, swap, header, new ReadOnlySequence<byte>(payload.ToArray()), growing: false);
        var segmented = Feed(name, format, swap, header, Segments.Build(payload), growing: false);
        Expect(whole, segmented, "multi-segment");
        if (payload.Length <= 2048)
        {
            var growing = Feed(name, format, swap, header, new ReadOnlySequence<byte>(payload.ToArray()), growing: true);
            Expect(whole, growing, "growing");
        }

        return whole.Status;
    }

    private static Result Feed(string name, PixelFormat format, bool swap, RectangleHeader header, ReadOnlySequence<byte> input, bool growing)
    {
        var decoder = Create(name);
        var context = new DecoderContext(format) { SwapRedBlue = swap, MaxDecompressedBytes = 1 << 20, MaxCompressedBytes = 1 << 18 };
        for (int i = 0; i < 256; i++)
        {
            context.ColourMap[i] = 0xFF000000 | (uint)(i * 0x010203);
        }

        var sink = new SurfaceSink(FramebufferSize, FramebufferSize);
        long consumed = 0;
        try
        {
            long end = growing ? 0 : input.Length;
            while (true)
            {
                var available = input.Slice(consumed, end - consumed);
                var reader = new SequenceReader<byte>(available);
                var status = decoder.Decode(ref reader, header, context, sink);
                if (reader.Consumed < 0 || reader.Consumed > available.Length)
                {
                    throw new FuzzInvariantException("decoder consumed more than it was given");
                }

                consumed += reader.Consumed;
                if (status == DecodeStatus.Complete || end == input.Length)
                {
                    return new Result(status, consumed, null, sink);
                }

                end++;
            }
        }
        catch (RfbProtocolException e)
        {
            if (string.IsNullOrEmpty(e.Message) || char.IsUpper(e.Message[0]) || e.Message.EndsWith('.'))
            {
                throw new FuzzInvariantException("protocol error without a lowercase message");
            }

            return new Result(null, consumed, e.Message, sink);
        }
    }

    private static void Expect(Result expected, Result actual, string how)
    {
        bool same = expected.Status == actual.Status
            && (expected.Error is null) == (actual.Error is null)
            && (expected.Error is not null || (expected.Consumed == actual.Consumed && expected.Sink.SameAs(actual.Sink)));
        if (!same)
        {
            throw new FuzzInvariantException(
                $"{how} decode disagrees: {expected.Status}/{expected.Consumed}/{expected.Error} vs {actual.Status}/{actual.Consumed}/{actual.Error}");
        }
    }

    private sealed record Result(DecodeStatus? Status, long Consumed, string? Error, SurfaceSink Sink);

    private static class FormatTable
    {
        public static readonly IReadOnlyList<PixelFormat> All =
        [
            PixelFormat.Bgrx32,
            PixelFormat.Rgb565,
            PixelFormat.Bgr233,
            new(16, 16, true, true, 31, 63, 31, 11, 5, 0),
            new(32, 24, true, true, 255, 255, 255, 0, 8, 16),
            new(32, 24, false, true, 255, 255, 255, 24, 16, 8),
            new(8, 8, false, false, 0, 0, 0, 0, 0, 0),
            new(32, 30, false, true, 1023, 1023, 1023, 20, 10, 0),
        ];
    }
}
