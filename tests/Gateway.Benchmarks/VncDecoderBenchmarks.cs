using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Benchmarks;

/// <summary>
/// RFB decoders on a realistic 1280×800 desktop frame (<see cref="VncFrameEncoders.Frame"/>): one operation decodes
/// the whole frame into a surface, zlib streams reset first. The "MP/s" column is frame pixels per second, "Wire"
/// the encoded frame's size. TightJpeg decodes through libturbojpeg, TightJpegSkia the same rectangles through the
/// SkiaSharp fallback (the decoder before libturbojpeg was used); their ratio is the JPEG decoding speed-up.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*VncDecoder*' --job short
/// </summary>
[Config(typeof(VncDecoderBenchmarkConfig))]
[MemoryDiagnoser]
public class VncDecoderBenchmarks
{
    internal const int Width = 1280;
    internal const int Height = 800;

    private readonly DecoderContext _context = new(PixelFormat.Bgrx32);
    private readonly HextileDecoder _hextile = new();
    private readonly ZrleDecoder _zrle = new();
    private readonly TightDecoder _tight = new();
    private readonly TightDecoder _tightSkia = new(new JpegDecoder(allowTurboJpeg: false));
    private readonly RawDecoder _raw = new();
    private SurfaceSink _sink = null!;
    private byte[] _hextileData = [];
    private byte[] _zrleData = [];
    private byte[] _rawData = [];
    private List<VncFrameEncoders.Rect> _tightZlib = [];
    private List<VncFrameEncoders.Rect> _tightJpeg = [];

    internal static Dictionary<string, long> WireBytes { get; } = [];

    [GlobalSetup]
    public void Setup()
    {
        var (px, w, h) = VncFrameEncoders.Frame();
        _sink = new SurfaceSink(new Surface(w, h));
        _hextileData = VncFrameEncoders.Hextile(px, w, h);
        _zrleData = VncFrameEncoders.Zrle(px, w, h);
        _tightZlib = VncFrameEncoders.Tight(px, w, h, jpeg: false);
        _tightJpeg = VncFrameEncoders.Tight(px, w, h, jpeg: true);
        _rawData = new byte[px.Length * 4];
        Buffer.BlockCopy(px, 0, _rawData, 0, _rawData.Length);
        WireBytes[nameof(Hextile)] = _hextileData.Length;
        WireBytes[nameof(Zrle)] = _zrleData.Length;
        WireBytes[nameof(TightZlib)] = _tightZlib.Sum(r => (long)r.Payload.Length);
        WireBytes[nameof(TightJpeg)] = _tightJpeg.Sum(r => (long)r.Payload.Length);
        WireBytes[nameof(TightJpegSkia)] = WireBytes[nameof(TightJpeg)];
        WireBytes[nameof(Raw)] = _rawData.Length;

        // The encoders are ours too: check each lossless frame decodes to the source pixels before timing it.
        foreach (var (name, run) in new (string, Func<DecodeStatus>)[] { ("hextile", Hextile), ("zrle", Zrle), ("tight", TightZlib), ("raw", Raw) })
        {
            _sink.Clear();
            run();
            for (int i = 0; i < px.Length; i++)
            {
                if (_sink.Pixel(i) != (px[i] | 0xFF000000))
                {
                    throw new InvalidOperationException($"{name} frame decodes to the wrong pixel at {i % w},{i / w}");
                }
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _zrle.Dispose();
        _tight.Dispose();
        _tightSkia.Dispose();
    }

    [Benchmark]
    public DecodeStatus Raw() => Decode(_raw, new RectangleHeader(0, 0, Width, Height, EncodingType.Raw), _rawData);

    [Benchmark]
    public DecodeStatus Hextile() => Decode(_hextile, new RectangleHeader(0, 0, Width, Height, EncodingType.Hextile), _hextileData);

    [Benchmark]
    public DecodeStatus Zrle()
    {
        _zrle.Reset();
        return Decode(_zrle, new RectangleHeader(0, 0, Width, Height, EncodingType.Zrle), _zrleData);
    }

    [Benchmark]
    public DecodeStatus TightZlib() => DecodeTight(_tight, _tightZlib);

    [Benchmark]
    public DecodeStatus TightJpeg() => DecodeTight(_tight, _tightJpeg);

    [Benchmark]
    public DecodeStatus TightJpegSkia() => DecodeTight(_tightSkia, _tightJpeg);

    private DecodeStatus DecodeTight(TightDecoder decoder, List<VncFrameEncoders.Rect> rects)
    {
        decoder.Reset();
        var status = DecodeStatus.Complete;
        foreach (var r in rects)
        {
            status = Decode(decoder, new RectangleHeader((ushort)r.X, (ushort)r.Y, (ushort)r.Width, (ushort)r.Height, EncodingType.Tight), r.Payload);
        }

        return status;
    }

    private DecodeStatus Decode(IRectangleDecoder decoder, RectangleHeader header, byte[] payload)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload));
        var status = decoder.Decode(ref reader, header, _context, _sink);
        if (status != DecodeStatus.Complete || reader.Remaining != 0)
        {
            throw new InvalidOperationException($"{header.Encoding} frame did not decode whole");
        }

        return status;
    }

    private sealed class SurfaceSink(Surface surface) : IFramebufferSink
    {
        public void Clear() => surface.Pixels.Clear();

        public uint Pixel(int index) => surface.GetPixel(index % surface.Width, index / surface.Width).ToUInt32();

        public int Width => surface.Width;

        public int Height => surface.Height;

        public void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride) => surface.Put(rect, bgra, stride);

        public void Fill(PixelRect rect, Bgra32 colour) => surface.Fill(rect, colour);

        public void Copy(PixelRect source, int x, int y) => surface.CopyFrom(surface, source, x, y);

        public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride)
        {
        }
    }
}

/// <summary>Adds megapixels per second and the encoded frame size to the VNC decoder summary.</summary>
internal sealed class VncDecoderBenchmarkConfig : ManualConfig
{
    public VncDecoderBenchmarkConfig()
    {
        AddColumn(new Column("MP/s", megapixels: true));
        AddColumn(new Column("Wire bytes", megapixels: false));
    }

    private sealed class Column(string name, bool megapixels) : IColumn
    {
        public string Id => "VncDecoder" + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => megapixels ? "frame megapixels decoded per second" : "encoded frame size in bytes";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (megapixels)
            {
                double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
                return mean is > 0 ? ((double)VncDecoderBenchmarks.Width * VncDecoderBenchmarks.Height / mean.Value * 1000.0).ToString("F0", CultureInfo.InvariantCulture) : "-";
            }

            if (VncDecoderBenchmarks.WireBytes.Count == 0)
            {
                new VncDecoderBenchmarks().Setup();
            }

            return VncDecoderBenchmarks.WireBytes.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out long bytes)
                ? bytes.ToString("N0", CultureInfo.InvariantCulture)
                : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
