using BenchmarkDotNet.Attributes;
using Gateway.Display.Layers;
using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Benchmarks;

/// <summary>
/// Frame planning on a 1920×1080 screen of text-like content (no encoding). Invocations alternate between two states (so a
/// scroll goes up, then down, by the same three lines); each draws the change into the model and plans it; <see cref="Redraw_full_frame_only"/> measures the full-frame drawing alone so that the
/// planner's share of the scroll and full-frame cases can be read off.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const int LineHeight = 16;
    private const int ScrollRows = 3 * LineHeight;

    private DisplayModel _model = null!;
    private FramePlanner _planner = null!;
    private byte[] _screenA = null!;
    private byte[] _screenB = null!;
    private byte[] _noiseA = null!;
    private byte[] _noiseB = null!;
    private byte[] _lineA = null!;
    private byte[] _lineB = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        // Screen B is screen A scrolled up by three text lines, with three new lines at the bottom.
        var tall = Text(Width, Height + ScrollRows, 1);
        _screenA = tall.AsSpan(0, Width * Height * 4).ToArray();
        _screenB = tall.AsSpan(ScrollRows * Width * 4, Width * Height * 4).ToArray();
        _noiseA = Noise(Width, Height, 2);
        _noiseB = Noise(Width, Height, 3);
        _lineA = Text(Width, LineHeight, 4);
        _lineB = Text(Width, LineHeight, 5);
        Reset();
    }

    private void Reset()
    {
        _model = new DisplayModel(Width, Height);
        _planner = new FramePlanner();
        _model.Put(0, new PixelRect(0, 0, Width, Height), _screenA, Width * 4);
        _planner.Plan(_model.EndFrame());
        _flip = false;
    }

    [Benchmark(Description = "one changed text line")]
    public int One_text_line()
    {
        _flip = !_flip;
        _model.Put(0, new PixelRect(0, 512, Width, LineHeight), _flip ? _lineA : _lineB, Width * 4);
        return PlanAndRelease();
    }

    [Benchmark(Description = "scroll by 3 text lines (detected)")]
    public int Scroll_three_lines()
    {
        _flip = !_flip;
        _model.Put(0, new PixelRect(0, 0, Width, Height), _flip ? _screenB : _screenA, Width * 4);
        return PlanAndRelease();
    }

    [Benchmark(Description = "full-frame change")]
    public int Full_frame()
    {
        _flip = !_flip;
        _model.Put(0, new PixelRect(0, 0, Width, Height), _flip ? _noiseA : _noiseB, Width * 4);
        return PlanAndRelease();
    }

    [Benchmark(Baseline = true, Description = "full-frame draw only (no planning)")]
    public int Redraw_full_frame_only()
    {
        _flip = !_flip;
        _model.Put(0, new PixelRect(0, 0, Width, Height), _flip ? _screenB : _screenA, Width * 4);
        var frame = _model.EndFrame();
        int count = frame.Dirty.Count;

        // The frame-start bands the model saved go back to their pool, as planning does.
        frame.ReleaseSnapshots();
        return count;
    }

    /// <summary>Plans the frame and hands its image buffers back, as a consumer does once the plan is written.</summary>
    private int PlanAndRelease()
    {
        var plan = _planner.Plan(_model.EndFrame());
        int count = plan.Operations.Count;
        plan.ReleaseBuffers();
        return count;
    }

    private static byte[] Text(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool ink = rng.Next(5) == 0 && (y % LineHeight) is > 2 and < 14;
                uint c = ink ? 0xFF202020u : 0xFFF5FAFAu;
                BitConverter.TryWriteBytes(pixels.AsSpan(((y * width) + x) * 4), c);
            }
        }

        return pixels;
    }

    private static byte[] Noise(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 4];
        new Random(seed).NextBytes(pixels);
        for (int i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return pixels;
    }
}
