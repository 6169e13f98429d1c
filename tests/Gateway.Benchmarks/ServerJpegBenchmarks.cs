using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Display.Encoding;
using Gateway.Display.Layers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Benchmarks;

/// <summary>
/// A VNC server's full-screen animation at 1280×800, as Xvnc sends it: JPEG strips of 1280×51 (Tight's 64 Ki-pixel
/// rectangles), each frame replacing the last. Per invocation the model takes one frame's strips and the planner plans
/// it (the strips go to browsers as they came). Baseline: every strip decoded on arrival, as before the model kept
/// them undecoded; then undecoded with the same tiling, and undecoded with each frame's tiling 25 rows off the last
/// one's (strips straddling the previous frame's).
/// </summary>
[MemoryDiagnoser]
public class ServerJpegBenchmarks
{
    private const int Width = 1280;
    private const int Height = 800;
    private const int Strip = 51;

    private readonly JpegDecoder _decoder = JpegDecoder.Shared;
    private List<(PixelRect Rect, byte[] Jpeg)>[] _frames = null!;
    private DisplayModel _model = null!;
    private FramePlanner _planner = null!;
    private int _next;

    [Params(false, true)]
    public bool Shifted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new JpegEncoder();
        _frames = new List<(PixelRect, byte[])>[4];
        for (int f = 0; f < _frames.Length; f++)
        {
            var pixels = Plasma(f);
            int offset = Shifted && f % 2 == 1 ? 25 : 0;
            var strips = new List<(PixelRect, byte[])>();
            int y = 0;
            if (offset > 0)
            {
                strips.Add((new PixelRect(0, 0, Width, offset), Encode(encoder, pixels, new PixelRect(0, 0, Width, offset))));
                y = offset;
            }

            for (; y < Height; y += Strip)
            {
                var rect = new PixelRect(0, y, Width, Math.Min(Strip, Height - y));
                strips.Add((rect, Encode(encoder, pixels, rect)));
            }

            _frames[f] = strips;
        }

        Reset();
    }

    private void Reset()
    {
        _model = new DisplayModel(Width, Height);
        _planner = new FramePlanner();
        _model.Fill(0, new PixelRect(0, 0, Width, Height), Bgra32.Black);
        _planner.Plan(_model.EndFrame()).ReleaseBuffers();
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "decoded on arrival")]
    public int Decoded()
    {
        _model.DeferDecoding = false;
        return Frame();
    }

    [Benchmark(Description = "kept undecoded")]
    public int Undecoded()
    {
        _model.DeferDecoding = true;
        return Frame();
    }

    private int Frame()
    {
        foreach (var (rect, jpeg) in _frames[_next++ % _frames.Length])
        {
            _model.TryPutEncoded(0, rect, (destination, stride) => _decoder.Decode(jpeg, rect.Width, rect.Height, destination, stride), ImageFormat.Jpeg, jpeg);
        }

        var plan = _planner.Plan(_model.EndFrame());
        int count = plan.Operations.Count;
        plan.ReleaseBuffers();
        return count;
    }

    private static byte[] Encode(JpegEncoder encoder, byte[] pixels, PixelRect rect)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode(pixels.AsSpan((rect.Y * Width * 4) + (rect.X * 4)), rect.Width, rect.Height, Width * 4, new EncodeOptions(Quality: 50), output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Plasma(int phase)
    {
        var pixels = new byte[Width * Height * 4];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                double v = Math.Sin((x + (phase * 17)) / 37.0) + Math.Sin((y - (phase * 11)) / 23.0) + Math.Sin((x + y) / 51.0);
                int i = ((y * Width) + x) * 4;
                pixels[i] = (byte)(128 + (60 * v));
                pixels[i + 1] = (byte)(128 + (40 * Math.Sin(v * 2)));
                pixels[i + 2] = (byte)(128 + (60 * Math.Cos(v)));
                pixels[i + 3] = 255;
            }
        }

        return pixels;
    }
}
