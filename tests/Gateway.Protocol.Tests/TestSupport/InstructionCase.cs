namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>A generated opcode and arguments, any of which may hold lone surrogates.</summary>
public sealed record InstructionCase(string Opcode, string[] Args)
{
    public override string ToString() =>
        $"{Escape(Opcode)}({string.Join(", ", Args.Select(Escape))})";

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
