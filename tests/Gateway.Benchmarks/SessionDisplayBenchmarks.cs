using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Display;
using Gateway.Core.Sessions;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Benchmarks;

/// <summary>
/// <see cref="SessionDisplay.Flush"/> of a typical desktop frame (1920×1080 text-like screen; per frame one
/// 600×400 window repainted with new text, one 400×300 photo-like block replaced, a changed text line and a
/// small solid fill), planned, encoded as PNG and queued for 1 or 4 users whose transports discard the bytes.
/// Invocations alternate between two contents so every flush has the same work. <c>Pool</c> is the shared
/// encoder pool or none (serial encoding on the flushing thread). The users never acknowledge frames, so
/// holding back is switched off here (it is measured by the tests, not timed).
/// </summary>
[MemoryDiagnoser]
public class SessionDisplayBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;

    private SessionManager _manager = null!;
    private SessionDisplay _display = null!;
    private readonly List<(PixelRect Rect, byte[] A, byte[] B)> _changes = [];
    private bool _flip;

    [Params(1, 4)]
    public int Users { get; set; }

    [Params(false, true)]
    public bool Parallel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _manager = new SessionManager([new TestPatternBackend()], new SessionOptions { IdleTimeout = TimeSpan.FromDays(1) });
        SessionUser? owner = null;
        for (int i = 0; i < Users; i++)
        {
            var request = new ConnectRequest
            {
                Selected = owner is null ? TestPatternBackend.ProtocolName : owner.Session.Id,
                Arguments = new Dictionary<string, string>(),
                Client = new ClientInfo { Width = 320, Height = 200, ImageMimetypes = ["image/png", "image/jpeg"] },
            };
            var user = _manager.Open(request, new NullTransport()).User ?? throw new InvalidOperationException("open refused");
            _ = user.RunAsync(CancellationToken.None);
            owner ??= user;
        }

        var session = owner!.Session;
        SpinWait.SpinUntil(() => session.Users.Length == Users, TimeSpan.FromSeconds(10));
        _display = new SessionDisplay(session, Width, Height)
        {
            Pool = Parallel ? EncoderPool.Shared : null,
            MaxLag = TimeSpan.FromDays(1),
            MaxUnackedFrames = int.MaxValue,
        };

        lock (_display.Sync)
        {
            var screen = Text(Width, Height, 1);
            _display.Model.Put(0, new PixelRect(0, 0, Width, Height), screen, Width * 4);
        }

        _display.Flush();
        AddChange(new PixelRect(200, 150, 600, 400), seed => Text(600, 400, seed));
        AddChange(new PixelRect(1100, 500, 400, 300), seed => Noise(400, 300, seed));
        AddChange(new PixelRect(0, 900, Width, 16), seed => Text(Width, 16, seed));
    }

    [GlobalCleanup]
    public void Cleanup() => _manager.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "flush a typical frame")]
    public bool Flush()
    {
        _flip = !_flip;
        lock (_display.Sync)
        {
            foreach (var (rect, a, b) in _changes)
            {
                _display.Model.Put(0, rect, _flip ? a : b, rect.Width * 4);
            }

            _display.Model.Fill(0, new PixelRect(1700, 40, 120, 30), _flip ? Bgra32.FromRgb(200, 40, 40) : Bgra32.FromRgb(40, 200, 40));
        }

        return _display.Flush();
    }

    private void AddChange(PixelRect rect, Func<int, byte[]> content) => _changes.Add((rect, content(rect.X + 1), content(rect.Y + 2)));

    /// <summary>Dark glyph-like strokes on a light background, 16-pixel lines.</summary>
    private static byte[] Text(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                bool ink = (y % 16) is > 2 and < 13 && random.Next(5) == 0;
                byte v = ink ? (byte)30 : (byte)240;
                pixels[i] = v;
                pixels[i + 1] = v;
                pixels[i + 2] = v;
                pixels[i + 3] = 255;
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

    /// <summary>A client that reads everything and sends nothing.</summary>
    private sealed class NullTransport : IUserTransport
    {
        private readonly Pipe _input = new();

        public PipeReader Input => _input.Reader;

        public ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken)
        {
            _input.Writer.Complete();
            return ValueTask.CompletedTask;
        }
    }
}
