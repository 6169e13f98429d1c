using System.Net.WebSockets;
using System.Text;
using Gateway.Protocol;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>The WebSocket tunnel at the wire level, as Guacamole.WebSocketTunnel uses it.</summary>
public sealed class WebSocketTunnelTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayFixture _gateway;

    public WebSocketTunnelTests(GatewayFixture gateway) => _gateway = gateway;

    private async Task<ClientWebSocket> OpenAsync(string query)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("guacamole");
        var uri = new UriBuilder(_gateway.BaseUri) { Scheme = "ws", Path = "/websocket-tunnel", Query = query }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 20];
        int total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(total), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            total += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    [Fact]
    public async Task First_message_is_the_tunnel_uuid_then_whole_instructions()
    {
        var token = Uri.EscapeDataString(_gateway.Mint());
        using var socket = await OpenAsync($"token={token}&GUAC_WIDTH=300&GUAC_HEIGHT=200&GUAC_DPI=96&GUAC_IMAGE=image/png");
        Assert.Equal("guacamole", socket.SubProtocol);
        var first = await ReceiveAsync(socket);
        Assert.Matches("^0\\.,36\\.[0-9a-f-]{36};$", first);

        var all = new StringBuilder();
        while (!all.ToString().Contains("4.sync,", StringComparison.Ordinal))
        {
            var message = await ReceiveAsync(socket);
            Assert.NotNull(message);
            Assert.EndsWith(";", message, StringComparison.Ordinal);
            all.Append(message);
        }

        Assert.Contains("4.size,1.0,3.300,3.200;", all.ToString(), StringComparison.Ordinal);
        await SendAsync(socket, "0.,4.ping,13.1700000000000;");
        string? echo;
        do
        {
            echo = await ReceiveAsync(socket);
        }
        while (echo is not null && !echo.Contains("4.ping", StringComparison.Ordinal));
        Assert.Equal("0.,4.ping,13.1700000000000;", echo);

        await SendAsync(socket, "10.disconnect;");
        string? last;
        do
        {
            last = await ReceiveAsync(socket);
        }
        while (last is not null);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("0", socket.CloseStatusDescription);
    }

    [Theory]
    [InlineData("token=not-a-token")]
    [InlineData("")]
    public async Task Bad_token_closes_with_1008_and_769(string query)
    {
        using var socket = await OpenAsync(query);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal((WebSocketCloseStatus)1008, socket.CloseStatus);
        Assert.Equal("769", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Reused_token_is_refused()
    {
        var token = Uri.EscapeDataString(_gateway.Mint());
        using (var first = await OpenAsync("token=" + token))
        {
            Assert.NotNull(await ReceiveAsync(first));
        }

        using var second = await OpenAsync("token=" + token);
        Assert.Null(await ReceiveAsync(second));
        Assert.Equal("769", second.CloseStatusDescription);
    }

    [Fact]
    public async Task Malformed_instruction_gets_error_768_and_close_1002()
    {
        using var socket = await OpenAsync("token=" + Uri.EscapeDataString(_gateway.Mint()));
        await ReceiveAsync(socket);
        await SendAsync(socket, "5.mouse,1.x;");
        var text = new StringBuilder();
        while (await ReceiveAsync(socket) is { } message)
        {
            text.Append(message);
        }

        Assert.Contains("5.error,", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(",3.768;", text.ToString(), StringComparison.Ordinal);
        Assert.Equal((WebSocketCloseStatus)GuacamoleStatus.ClientBadRequest.ToWebSocketCloseCode(), socket.CloseStatus);
        Assert.Equal("768", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Crash_in_one_session_leaves_another_running()
    {
        using var healthy = await OpenAsync("token=" + Uri.EscapeDataString(_gateway.Mint()));
        await ReceiveAsync(healthy);
        using var doomed = await OpenAsync("token=" + Uri.EscapeDataString(_gateway.Mint(new() { ["fail-after-ms"] = "200" })));
        var text = new StringBuilder();
        while (await ReceiveAsync(doomed) is { } message)
        {
            text.Append(message);
        }

        Assert.Contains("5.error,", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(",3.512;", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("on purpose", text.ToString(), StringComparison.Ordinal);
        Assert.Equal("512", doomed.CloseStatusDescription);

        await SendAsync(healthy, "3.key,2.65,1.1;");
        string? message2;
        do
        {
            message2 = await ReceiveAsync(healthy);
        }
        while (message2 is not null && !message2.Contains("5.cfill,2.14,1.0,2.65,", StringComparison.Ordinal));
        Assert.NotNull(message2);
    }
}
