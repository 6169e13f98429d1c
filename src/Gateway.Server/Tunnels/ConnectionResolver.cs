using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Server.Catalog;
using Gateway.Server.Tokens;

namespace Gateway.Server.Tunnels;

/// <summary>
/// Turns a tunnel's connect data into a <see cref="ConnectRequest"/>: opens the connect token (once),
/// looks up a catalog connection or takes the token's inline one, and applies the token's read-only
/// flag and display name. Secrets stay server-side: the browser only ever holds the sealed token.
/// </summary>
public sealed class ConnectionResolver
{
    private readonly ConnectTokenService _tokens;
    private readonly ConnectionCatalog _catalog;

    public ConnectionResolver(ConnectTokenService tokens, ConnectionCatalog catalog)
    {
        _tokens = tokens;
        _catalog = catalog;
    }

    public (ConnectRequest? Request, ProtocolError? Error) Resolve(ConnectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var opened = _tokens.Open(data.Token);
        if (!opened.Succeeded)
        {
            // One message for every token failure: say nothing that helps a forger.
            return (null, new ProtocolError(GuacamoleStatus.ClientUnauthorized, "the connect token is invalid, expired or already used"));
        }

        var token = opened.Token!;
        var client = data.Client with { Name = token.DisplayName ?? data.Client.Name };
        string? target = token.Join ?? token.ConnectionId;
        if (data.ConnectionId is { } requested && target is not null && !string.Equals(requested, target, StringComparison.Ordinal))
        {
            return (null, new ProtocolError(GuacamoleStatus.ClientForbidden, "the connect token is not valid for this connection"));
        }

        if (token.Join is { } join)
        {
            return (new ConnectRequest { Selected = join, Client = client, ReadOnly = token.ReadOnly }, null);
        }

        if (token.ConnectionId is { } id)
        {
            if (!_catalog.TryGet(id, out var entry))
            {
                return (null, new ProtocolError(GuacamoleStatus.ResourceNotFound, "no such connection"));
            }

            return (new ConnectRequest { Selected = entry.Protocol, Arguments = entry.Parameters, Client = client, ReadOnly = token.ReadOnly }, null);
        }

        return (new ConnectRequest
        {
            Selected = token.Protocol!,
            Arguments = token.Parameters ?? new Dictionary<string, string>(),
            Client = client,
            ReadOnly = token.ReadOnly,
        }, null);
    }
}
