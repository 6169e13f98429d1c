namespace Gateway.Server.Configuration;

/// <summary>Instruction limits for input from browsers and guacd clients (section <c>Gateway:Limits</c>).</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Gateway:Limits";

    public int MaxElementLength { get; set; } = 8192;

    public int MaxElements { get; set; } = 128;

    public int MaxInstructionBytes { get; set; } = 32768;
}
