namespace Gateway.Server.Tokens;

/// <summary>
/// Remembers which token ids were used, so each token opens once. Implementations must be safe
/// for concurrent use and must remember an id at least until <c>rememberUntil</c>; a shared store
/// (for example Redis <c>SET NX</c> with an expiry) gives one-time use across several gateways.
/// </summary>
public interface ITokenReplayCache
{
    /// <summary>Records <paramref name="id"/> as used unless it already was.</summary>
    TokenReplayResult TryUse(string id, DateTimeOffset rememberUntil);
}
