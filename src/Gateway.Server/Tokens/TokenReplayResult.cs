namespace Gateway.Server.Tokens;

/// <summary>What <see cref="ITokenReplayCache.TryUse"/> decided.</summary>
public enum TokenReplayResult
{
    /// <summary>First use; the id is now remembered.</summary>
    Accepted,

    /// <summary>The id was used before.</summary>
    Reused,

    /// <summary>
    /// The remember-until time is already past by the cache's clock, so it cannot promise to catch a
    /// replay; treat the token as expired.
    /// </summary>
    Expired,

    /// <summary>The cache is full of live ids and refuses to forget any of them.</summary>
    Full,
}
