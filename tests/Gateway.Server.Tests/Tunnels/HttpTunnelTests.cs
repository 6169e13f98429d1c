using System.Net;
using System.Text;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>The HTTP tunnel at the wire level, as Guacamole.HTTPTunnel uses it.</summary>
public sealed class HttpTunnelTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayFixture _gateway;
    private readonly HttpClient _http;

    public HttpTunnelTests(GatewayFixture gateway)
    {
        _gateway = gateway;
        _http = new HttpClient { BaseAddress = gateway.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    private async Task<(string Uuid, string Token)> ConnectAsync(string token)
    {
        using var content = new StringContent("token=" + Uri.EscapeDataString(token) + "&GUAC_WIDTH=320&GUAC_HEIGHT=240", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync("/tunnel?connect", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var uuid = await response.Content.ReadAsStringAsync();
        Assert.Matches("^[0-9a-f-]{36}$", uuid);
        var tunnelToken = Assert.Single(response.Headers.GetValues("Guacamole-Tunnel-Token"));
        return (uuid, tunnelToken);
    }

    private async Task<string> ReadAsync(string uuid, string token, int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tunnel?read:{uuid}:{n}");
        request.Headers.Add("Guacamole-Tunnel-Token", token);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpStatusCode> WriteAsync(string uuid, string token, string instructions)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tunnel?write:{uuid}") { Content = new StringContent(instructions, Encoding.UTF8, "application/octet-stream") };
        request.Headers.Add("Guacamole-Tunnel-Token", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Connect_read_write_and_disconnect()
    {
        var (uuid, token) = await ConnectAsync(_gateway.Mint());
        var text = new StringBuilder();
        int n = 0;
        while (!text.ToString().Contains("4.sync,", StringComparison.Ordinal))
        {
            var body = await ReadAsync(uuid, token, n++);
            Assert.EndsWith("0.;", body, StringComparison.Ordinal);
            text.Append(body);
        }

        Assert.Contains("4.size,1.0,3.320,3.240;", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await WriteAsync(uuid, token, "3.key,2.66,1.1;"));
        string body2;
        do
        {
            body2 = await ReadAsync(uuid, token, n++);
        }
        while (!body2.Contains("5.cfill,2.14,1.0,2.66,", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, await WriteAsync(uuid, token, "10.disconnect;"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_gateway.Sessions.SessionCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, _gateway.Sessions.SessionCount);
    }

    [Fact]
    public async Task Bad_token_is_403_with_guacamole_headers()
    {
        using var content = new StringContent("token=forged", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync("/tunnel?connect", content);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("769", Assert.Single(response.Headers.GetValues("Guacamole-Status-Code")));
        Assert.NotEmpty(Assert.Single(response.Headers.GetValues("Guacamole-Error-Message")));
    }

    [Fact]
    public async Task Wrong_tunnel_token_and_unknown_tunnel_are_refused()
    {
        var (uuid, _) = await ConnectAsync(_gateway.Mint());
        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/tunnel?read:{uuid}:0");
        wrong.Headers.Add("Guacamole-Tunnel-Token", "nope");
        using var refused = await _http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"/tunnel?read:{Guid.NewGuid()}:0");
        using var missing = await _http.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("516", Assert.Single(missing.Headers.GetValues("Guacamole-Status-Code")));
    }
}
