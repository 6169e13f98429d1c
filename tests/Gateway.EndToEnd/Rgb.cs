using System.Globalization;

namespace Gateway.EndToEnd;

/// <summary>An opaque colour as the tests expect it on the canvas.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb FromHex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>Whether an <c>[r, g, b, a]</c> pixel from the page is exactly this colour and fully opaque.</summary>
    public bool Matches(IReadOnlyList<int>? rgba) =>
        rgba is { Count: 4 } && rgba[0] == R && rgba[1] == G && rgba[2] == B && rgba[3] == 255;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    public static string Describe(IReadOnlyList<int>? rgba) => rgba is { Count: 4 }
        ? string.Create(CultureInfo.InvariantCulture, $"#{rgba[0]:x2}{rgba[1]:x2}{rgba[2]:x2} alpha {rgba[3]}")
        : "(outside the canvas)";
}
