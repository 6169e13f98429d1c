using System.IO.Compression;

namespace Gateway.Display.Encoding;

/// <summary>Tuning knobs of <see cref="PngEncoder"/>; the defaults are the measured choice (docs/PERFORMANCE.md).</summary>
/// <param name="ZLibLevel">zlib level 1..9 (1 is zlib-ng's fastest).</param>
/// <param name="Strategy">zlib strategy.</param>
/// <param name="Filter">Row filter choice.</param>
/// <param name="Palette">Emit colour type 3 when the image has at most 256 colours.</param>
/// <param name="LowBitDepth">Pack palettes of ≤ 16 colours into 1, 2 or 4 bits per pixel.</param>
internal readonly record struct PngEncoderSettings(
    int ZLibLevel,
    ZLibCompressionStrategy Strategy,
    PngFilterStrategy Filter,
    bool Palette,
    bool LowBitDepth)
{
    /// <summary>The measured default.</summary>
    public static PngEncoderSettings Default { get; } = new(1, ZLibCompressionStrategy.Default, PngFilterStrategy.Up, true, true);
}
