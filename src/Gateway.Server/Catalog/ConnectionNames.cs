namespace Gateway.Server.Catalog;

/// <summary>
/// The spelling rules shared by the catalog, connect tokens and the token command: connection ids,
/// protocol names, parameter names and join targets. Checks are plain loops, so they cost nothing
/// on hostile input and never allocate.
/// </summary>
internal static class ConnectionNames
{
    /// <summary>Longest connection id, token id or parameter name.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Longest protocol name.</summary>
    public const int MaxProtocolLength = 32;

    /// <summary>Longest display name.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>Most parameters on one connection.</summary>
    public const int MaxParameters = 256;

    /// <summary>
    /// Longest parameter value, in UTF-16 code units: guacd's element limit, so that any value can
    /// still travel in a <c>connect</c> instruction.
    /// </summary>
    public const int MaxParameterValueLength = 8192;

    /// <summary>Prefix of a live connection id that a user can join.</summary>
    public const char JoinPrefix = '$';

    public const string IdRule = "1-128 characters of A-Z a-z 0-9 . _ -";

    public const string ProtocolRule = "1-32 characters of a-z 0-9 -, starting with a letter";

    /// <summary>Connection ids, token ids and parameter names: <c>[A-Za-z0-9._-]{1,128}</c>.</summary>
    public static bool IsValidId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxIdLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Protocol names as guacd spells them (vnc, rdp, ssh, telnet, kubernetes).</summary>
    public static bool IsValidProtocol(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxProtocolLength || !char.IsAsciiLetterLower(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A live connection to join: <c>$</c> followed by a valid id.</summary>
    public static bool IsValidJoinTarget(ReadOnlySpan<char> value) =>
        value.Length > 1 && value[0] == JoinPrefix && IsValidId(value[1..]);

    /// <summary>Display names: at most 256 characters, no control characters.</summary>
    public static bool IsValidDisplayName(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxDisplayNameLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
