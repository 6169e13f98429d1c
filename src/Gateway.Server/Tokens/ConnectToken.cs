using System.Text;
using Gateway.Server.Catalog;

namespace Gateway.Server.Tokens;

/// <summary>
/// What a sealed connect token grants: one connection, described in exactly one of three ways —
/// a catalog entry (<see cref="ConnectionId"/>), an inline connection (<see cref="Protocol"/> with
/// optional <see cref="Parameters"/> named as Guacamole names them), or a live session to join
/// (<see cref="Join"/>, a <c>$</c>-prefixed connection id).
/// </summary>
/// <remarks>
/// Parameters usually hold credentials, so <see cref="ToString"/> prints only how many there are.
/// </remarks>
public sealed record ConnectToken
{
    /// <summary>Unique id; the replay cache refuses a second use of it. See <see cref="NewId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>When the token stops being accepted (whole seconds travel on the wire).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Name shown to the user and to other users of a shared session.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Id of a catalog entry.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Protocol of an inline connection (vnc, rdp, ssh...).</summary>
    public string? Protocol { get; init; }

    /// <summary>Parameters of an inline connection; only allowed together with <see cref="Protocol"/>.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Whether the user may only watch.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>A live connection to join, <c>$</c> followed by its id.</summary>
    public string? Join { get; init; }

    /// <summary>A fresh id: 128 random bits in base64url without padding (22 characters).</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Checks the token's shape: id, name, exactly one target, and well-formed names and sizes.
    /// Returns null when valid, else a lowercase reason that never contains a parameter value.
    /// </summary>
    public string? Validate()
    {
        if (Id is null || !ConnectionNames.IsValidId(Id))
        {
            return "token id must be " + ConnectionNames.IdRule;
        }

        if (DisplayName is not null && !ConnectionNames.IsValidDisplayName(DisplayName))
        {
            return "display name must be at most 256 characters without control characters";
        }

        int targets = (ConnectionId is null ? 0 : 1) + (Protocol is null ? 0 : 1) + (Join is null ? 0 : 1);
        if (targets != 1)
        {
            return "exactly one of connection, protocol or join must be set";
        }

        if (Parameters is not null && Protocol is null)
        {
            return "parameters are only allowed with protocol";
        }

        if (ConnectionId is not null && !ConnectionNames.IsValidId(ConnectionId))
        {
            return "connection id must be " + ConnectionNames.IdRule;
        }

        if (Join is not null && !ConnectionNames.IsValidJoinTarget(Join))
        {
            return "join must be '$' followed by " + ConnectionNames.IdRule;
        }

        if (Protocol is not null && !ConnectionNames.IsValidProtocol(Protocol))
        {
            return "protocol must be " + ConnectionNames.ProtocolRule;
        }

        return Parameters is null ? null : ValidateParameters(Parameters);
    }

    internal static string? ValidateParameters(IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count > ConnectionNames.MaxParameters)
        {
            return $"at most {ConnectionNames.MaxParameters} parameters are allowed";
        }

        foreach (KeyValuePair<string, string> pair in parameters)
        {
            if (pair.Key is null || !ConnectionNames.IsValidId(pair.Key))
            {
                return "parameter names must be " + ConnectionNames.IdRule;
            }

            // Values may arrive as JSON null even though the type says otherwise.
            if (pair.Value is null)
            {
                return $"parameter '{pair.Key}' has no value";
            }

            if (pair.Value.Length > ConnectionNames.MaxParameterValueLength)
            {
                return $"parameter '{pair.Key}' is longer than {ConnectionNames.MaxParameterValueLength} characters";
            }
        }

        return null;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", ExpiresAt = ").Append(ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (DisplayName is not null)
        {
            builder.Append(", DisplayName = ").Append(DisplayName);
        }

        if (ConnectionId is not null)
        {
            builder.Append(", ConnectionId = ").Append(ConnectionId);
        }

        if (Protocol is not null)
        {
            builder.Append(", Protocol = ").Append(Protocol);
        }

        if (Parameters is not null)
        {
            builder.Append(", Parameters = (").Append(Parameters.Count).Append(" hidden)");
        }

        if (Join is not null)
        {
            builder.Append(", Join = ").Append(Join);
        }

        builder.Append(", ReadOnly = ").Append(ReadOnly ? "true" : "false");
        return true;
    }
}
