namespace Gateway.Server.Tokens;

/// <summary>Why <see cref="ConnectTokenService.Open"/> refused a token.</summary>
public enum ConnectTokenFailure
{
    /// <summary>The token opened.</summary>
    None = 0,

    /// <summary>Not a token of this format: too long, bad encoding, wrong version, bad payload.</summary>
    Malformed,

    /// <summary>The seal did not verify: altered, or made with another key.</summary>
    Forged,

    /// <summary>Past its expiry plus the allowed clock skew.</summary>
    Expired,

    /// <summary>Its id was already used.</summary>
    Reused,

    /// <summary>
    /// The replay cache holds its maximum number of live ids, so the token cannot be recorded as used
    /// and is refused rather than risking a replay later.
    /// </summary>
    ReplayCacheFull,
}
