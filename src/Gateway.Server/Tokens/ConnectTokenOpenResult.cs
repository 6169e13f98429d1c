using System.Diagnostics.CodeAnalysis;

namespace Gateway.Server.Tokens;

/// <summary>The outcome of opening a token: the token, or the reason it was refused.</summary>
public readonly record struct ConnectTokenOpenResult
{
    private ConnectTokenOpenResult(ConnectToken? token, ConnectTokenFailure failure)
    {
        Token = token;
        Failure = failure;
    }

    /// <summary>The opened token when <see cref="Succeeded"/>.</summary>
    public ConnectToken? Token { get; }

    /// <summary><see cref="ConnectTokenFailure.None"/> on success.</summary>
    public ConnectTokenFailure Failure { get; }

    [MemberNotNullWhen(true, nameof(Token))]
    public bool Succeeded => Token is not null;

    public static ConnectTokenOpenResult Success(ConnectToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(token, ConnectTokenFailure.None);
    }

    public static ConnectTokenOpenResult Fail(ConnectTokenFailure failure)
    {
        if (failure == ConnectTokenFailure.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), "a failure needs a reason");
        }

        return new(null, failure);
    }
}
