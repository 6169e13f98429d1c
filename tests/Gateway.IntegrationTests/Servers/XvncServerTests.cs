using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Servers;

/// <summary>The test environment itself: Xvnc starts on a free port and greets with RFB 3.8.</summary>
public sealed class XvncServerTests
{
    [Fact]
    public async Task XvncGreetsWithRfb38()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "None"]);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Port);
        var buffer = new byte[12];
        await client.GetStream().ReadExactlyAsync(buffer);
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(buffer));
    }
}
