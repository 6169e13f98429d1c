using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>FsCheck generators for protocol text and protocol-shaped bytes.</summary>
public static class ProtocolArbitraries
{
    /// <summary>Pieces of text that stress the encoder: separators, digits, every UTF-8 width, lone surrogates.</summary>
    public static Gen<string> TextPiece { get; } = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (3, Gen.Elements(";", ",", ".", "0", "9", "4.", ";4.sync", "\0", "\n")),
        (2, Gen.Choose(0x80, 0x7FF).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0x800, 0xD7FF).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(0xE000, 0xFFFF).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)),
        (1, Gen.Choose(0xD800, 0xDFFF).Select(c => ((char)c).ToString())),
        (1, Gen.Elements("\uDC00\uD800", "\uD83D", "\uDE00", "a\uD83D")));

    public static Gen<string> Text { get; } =
        Gen.Sized(size => Gen.Choose(0, Math.Min(size, 60)))
            .SelectMany(n => Gen.ArrayOf(TextPiece, n))
            .Select(string.Concat);

    public static Gen<InstructionCase> InstructionCases { get; } =
        from opcode in Text
        from count in Gen.Choose(0, 12)
        from args in Gen.ArrayOf(Text, count)
        select new InstructionCase(opcode, args);

    /// <summary>Bytes built from protocol tokens and arbitrary bytes, to get past the first few checks.</summary>
    public static Gen<byte[]> ProtocolishBytes { get; } =
        Gen.Sized(size => Gen.Choose(0, Math.Min(size * 2, 200)))
            .SelectMany(n => Gen.ArrayOf(
                Gen.Frequency(
                    (5, Gen.Elements("0.", "1.", "3.", "4.", "10.", "8192.", "8193.", "00000000001.")
                        .Select(s => Encoding.ASCII.GetBytes(s))),
                    (5, Gen.Elements("a", "sync", "nop", "😀", "é", "你", ",", ";", ".", "0", "1")
                        .Select(s => Encoding.UTF8.GetBytes(s))),
                    (2, Gen.Elements<byte>(0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF)
                        .Select(b => new[] { b })),
                    (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b }))),
                n))
            .Select(parts => parts.SelectMany(p => p).ToArray());

    public static Arbitrary<InstructionCase> InstructionCaseArbitrary() => Arb.From(InstructionCases);

    /// <summary>The encoding of <paramref name="text"/> decoded again: lone surrogates become U+FFFD.</summary>
    public static string AsSent(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
