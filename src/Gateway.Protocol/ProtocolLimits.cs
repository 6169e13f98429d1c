namespace Gateway.Protocol;

/// <summary>
/// Bounds applied to every instruction read from an untrusted peer. The defaults are guacd's
/// (parser-constants.h, parser-types.h): 8192 code points per element, 128 elements per
/// instruction, 32 KiB per instruction.
/// </summary>
public sealed record ProtocolLimits
{
    /// <summary>guacd's limits.</summary>
    public static ProtocolLimits Default { get; } = new();

    /// <summary>Largest element, in Unicode code points.</summary>
    public int MaxElementLength { get; init; } = 8192;

    /// <summary>Largest number of elements in one instruction, opcode included.</summary>
    public int MaxElements { get; init; } = 128;

    /// <summary>Largest encoded instruction, in bytes, terminator included.</summary>
    public int MaxInstructionBytes { get; init; } = 32768;

    /// <summary>Largest number of digits accepted in a length prefix (leading zeros count).</summary>
    public int MaxLengthDigits { get; init; } = 10;
}
