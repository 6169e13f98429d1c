using Gateway.Server.Catalog;

namespace Gateway.Server.Cli;

/// <summary>What <see cref="TokenCommand"/> needs from its host: key, clock, catalog and output.</summary>
public sealed class TokenCommandContext
{
    /// <summary>The 32-byte sealing key (see <see cref="Tokens.TokenKey.Load"/>).</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Used to check <c>--connection</c>.</summary>
    public required ConnectionCatalog Catalog { get; init; }

    /// <summary>Receives the token and nothing else.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Receives errors and usage.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Lifetime when <c>--ttl</c> is not given (<see cref="Tokens.TokenOptions.DefaultTtlSeconds"/>).</summary>
    public int DefaultTtlSeconds { get; init; } = 300;
}
