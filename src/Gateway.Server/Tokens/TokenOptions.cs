namespace Gateway.Server.Tokens;

/// <summary>Settings under <c>Gateway:Tokens</c>.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Gateway:Tokens";

    /// <summary>
    /// Base64 of the 32-byte sealing key. When unset the key lives in <c>token.key</c> in the data
    /// directory and is created on first start. See <see cref="TokenKey.Load"/>.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Most token ids remembered for one-time use; when reached, new tokens are refused.</summary>
    public int MaxReplayEntries { get; set; } = MemoryTokenReplayCache.DefaultCapacity;

    /// <summary>Lifetime of tokens minted here (the token command) when no other is asked for.</summary>
    public int DefaultTtlSeconds { get; set; } = 300;
}
