namespace Gateway.Server.Tokens;

/// <summary>
/// The token key could not be loaded or created: a startup error. The message names the setting
/// or file at fault and never contains key material.
/// </summary>
public sealed class TokenKeyException : Exception
{
    public TokenKeyException()
        : base("the token key could not be loaded")
    {
    }

    public TokenKeyException(string message)
        : base(message)
    {
    }

    public TokenKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
