namespace Gateway.Protocol;

/// <summary>What one call of <see cref="InstructionParser.TryRead"/> found.</summary>
public enum ParseResult
{
    /// <summary>The buffer holds only part of an instruction; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>One whole instruction was read and consumed.</summary>
    Complete,

    /// <summary>The input is malformed or over a limit; see <see cref="InstructionParser.Error"/>.</summary>
    Error,
}
