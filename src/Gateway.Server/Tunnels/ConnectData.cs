using System.Globalization;
using Gateway.Protocol.Handshake;
using Microsoft.Extensions.Primitives;

namespace Gateway.Server.Tunnels;

/// <summary>
/// The connect data the stock Guacamole web client sends when it opens a tunnel: <c>token</c>,
/// <c>GUAC_ID</c>, <c>GUAC_TYPE</c>, <c>GUAC_WIDTH</c>, <c>GUAC_HEIGHT</c>, <c>GUAC_DPI</c>,
/// <c>GUAC_TIMEZONE</c> and repeated <c>GUAC_AUDIO</c>/<c>GUAC_VIDEO</c>/<c>GUAC_IMAGE</c>.
/// </summary>
public sealed record ConnectData
{
    public string? Token { get; init; }

    public string? ConnectionId { get; init; }

    public string? ConnectionType { get; init; }

    public ClientInfo Client { get; init; } = new();

    /// <summary>Reads connect data from query or form values; bad numbers fall back to defaults.</summary>
    public static ConnectData From(Func<string, StringValues> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var client = new ClientInfo();
        if (TryInt(get("GUAC_WIDTH"), out int w) && w > 0)
        {
            client = client with { Width = ClientInfo.ClampDimension(w) };
        }

        if (TryInt(get("GUAC_HEIGHT"), out int h) && h > 0)
        {
            client = client with { Height = ClientInfo.ClampDimension(h) };
        }

        if (TryInt(get("GUAC_DPI"), out int dpi) && dpi > 0)
        {
            client = client with { Dpi = ClientInfo.ClampDpi(dpi) };
        }

        client = client with
        {
            Timezone = First(get("GUAC_TIMEZONE")),
            AudioMimetypes = List(get("GUAC_AUDIO")),
            VideoMimetypes = List(get("GUAC_VIDEO")),
            ImageMimetypes = List(get("GUAC_IMAGE")),
        };

        return new ConnectData
        {
            Token = First(get("token")),
            ConnectionId = First(get("GUAC_ID")),
            ConnectionType = First(get("GUAC_TYPE")),
            Client = client,
        };
    }

    private static bool TryInt(StringValues values, out int value) =>
        int.TryParse(First(values), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static string? First(StringValues values)
    {
        var v = values.Count > 0 ? values[0] : null;
        return string.IsNullOrEmpty(v) || v.Length > 1024 ? null : v;
    }

    private static string[] List(StringValues values) =>
        values.Where(v => !string.IsNullOrEmpty(v) && v.Length <= 256).Take(Protocol.Handshake.ServerHandshake.MaxMimetypes).Select(v => v!).ToArray();
}
