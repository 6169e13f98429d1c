using System.Text;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Support;

/// <summary>Feeds what a user received to the independent reference client and checks the test pattern's pixels.</summary>
public static class Rendering
{
    private static readonly HashSet<string> Drawing =
        ["size", "rect", "cfill", "copy", "img", "blob", "end", "move", "shade", "dispose", "cursor", "sync"];

    /// <summary>Applies every drawing instruction (others are skipped) to <paramref name="client"/>.</summary>
    public static ReferenceClient Apply(ReferenceClient client, IEnumerable<Instruction> received)
    {
        var text = new StringBuilder();
        foreach (var instruction in received)
        {
            if (Drawing.Contains(instruction.Opcode))
            {
                text.Append(instruction.ToString());
            }
        }

        client.Apply(Encoding.UTF8.GetBytes(text.ToString()));
        return client;
    }

    /// <summary>A fresh reference client that has drawn <paramref name="received"/>.</summary>
    public static ReferenceClient Render(IEnumerable<Instruction> received) => Apply(new ReferenceClient(), received);

    /// <summary>The test pattern's colour at (x, y) as the reference client stores it (0xAARRGGBB).</summary>
    public static uint PatternPixel(int x, int y, uint background, int lastKey = -1)
    {
        uint rgb = background;
        if (y < 64 && x < 256)
        {
            rgb = (x / 64) switch { 0 => 0xFF0000u, 1 => 0x00FF00u, 2 => 0x0000FFu, _ => 0xFFFFFFu };
        }
        else if (y >= 64 && y < 128 && x < 64)
        {
            rgb = lastKey < 0 ? 0 : TestPatternSession.KeyColor(lastKey);
        }

        return 0xFF000000u | rgb;
    }

    /// <summary>Asserts that layer 0 of <paramref name="client"/> is exactly the test pattern.</summary>
    public static void AssertPattern(ReferenceClient client, int width, int height, uint background, int lastKey = -1)
    {
        var layer = client.Layers[0];
        Assert.Equal(width, layer.Width);
        Assert.Equal(height, layer.Height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                uint expected = PatternPixel(x, y, background, lastKey);
                uint seen = layer.Get(x, y);
                Assert.True(expected == seen, $"pixel {x},{y}: expected {expected:X8}, saw {seen:X8}");
            }
        }
    }
}
