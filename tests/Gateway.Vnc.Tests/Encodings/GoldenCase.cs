using Gateway.Display.Surfaces;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>
/// One hand-built decoding scenario: a decoder, a pixel format, a framebuffer, the rectangles' payloads in order,
/// and the expected framebuffer as art (one char per pixel, see <see cref="Colours"/>) and/or a custom check.
/// </summary>
internal sealed record GoldenCase(
    string Name,
    Func<IRectangleDecoder> Create,
    int Width,
    int Height,
    (RectangleHeader Header, byte[] Payload)[] Rects,
    string[]? Art = null)
{
    public const uint R = 0xFF0000;
    public const uint G = 0x00FF00;
    public const uint B = 0x0000FF;
    public const uint W = 0xFFFFFF;
    public const uint K = 0x000000;
    public const uint Y = 0xFFFF00;
    public const uint C = 0x00FFFF;
    public const uint M = 0xFF00FF;

    public PixelFormat Format { get; init; } = PixelFormat.Bgrx32;

    public bool Swap { get; init; }

    public Action<DecoderContext>? Setup { get; init; }

    public Action<Surface>? Prepare { get; init; }

    public Action<SurfaceSink>? Check { get; init; }

    /// <summary>Art characters: R G B W K(black) Y C M, '.' untouched (transparent).</summary>
    public static uint? Colour(char c) => c switch
    {
        'R' => R,
        'G' => G,
        'B' => B,
        'W' => W,
        'K' => K,
        'Y' => Y,
        'C' => C,
        'M' => M,
        _ => null,
    };

    public static string[] Colours => ["R", "G", "B", "W", "K", "Y", "C", "M"];

    public DecoderContext NewContext()
    {
        var context = new DecoderContext(Format) { SwapRedBlue = Swap };
        Setup?.Invoke(context);
        return context;
    }

    public SurfaceSink NewSink()
    {
        var sink = new SurfaceSink(Width, Height);
        Prepare?.Invoke(sink.Surface);
        return sink;
    }

    /// <summary>Asserts the framebuffer matches the art and the custom check.</summary>
    public void Verify(SurfaceSink sink)
    {
        if (Art is not null)
        {
            Assert.Equal(Height, Art.Length);
            for (int y = 0; y < Height; y++)
            {
                Assert.Equal(Width, Art[y].Length);
                for (int x = 0; x < Width; x++)
                {
                    uint expected = Colour(Art[y][x]) is { } rgb ? rgb | 0xFF000000 : 0;
                    uint actual = sink.Surface.GetPixel(x, y).ToUInt32();
                    Assert.True(expected == actual, $"{Name}: pixel {x},{y} is {actual:x8}, expected {expected:x8} ('{Art[y][x]}')");
                }
            }
        }

        Check?.Invoke(sink);
    }

    public override string ToString() => Name;
}
