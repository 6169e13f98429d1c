using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Tests.Support;

namespace Gateway.Vnc.Tests.Driver;

/// <summary>The driver against a scripted server over a loopback socket: good frames, input, and hostile servers.</summary>
public sealed class VncSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SessionManager NewManager() => new([new VncBackend()]);

    private static (MemoryTransport Transport, SessionUser User) Open(SessionManager manager, int port, Dictionary<string, string>? extra = null)
    {
        var arguments = new Dictionary<string, string>
        {
            ["hostname"] = "127.0.0.1",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["disable-display-resize"] = "true",
        };
        foreach (var (k, v) in extra ?? [])
        {
            arguments[k] = v;
        }

        var transport = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = "vnc", Arguments = arguments, Client = new ClientInfo { Width = 64, Height = 48 } }, transport);
        Assert.True(open.Error is null, "open refused: " + open.Error);
        _ = open.User!.RunAsync(CancellationToken.None);
        return (transport, open.User);
    }

    private static byte[] RedUpdate(int width, int height)
    {
        var b = new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, width, height, EncodingType.Raw);
        for (int i = 0; i < width * height; i++)
        {
            b.Raw(0, 0, 0xFF, 0);
        }

        return b.ToArray();
    }

    private static async Task<Instruction> ExpectErrorAsync(MemoryTransport transport)
    {
        var error = await transport.ExpectAsync("error", Timeout);
        Assert.Equal(((int)GuacamoleStatus.UpstreamError).ToString(CultureInfo.InvariantCulture), error.Args[1]);
        return error;
    }

    [Fact]
    public async Task FrameInputAndNameFlowThroughTheDriver()
    {
        await using var server = new FakeRfbServer(16, 8, "desk one");
        await using var manager = NewManager();
        var (transport, _) = Open(manager, server.Port);
        var stream = await server.ConnectedAsync();
        var name = await transport.ExpectAsync("name", Timeout);
        Assert.Equal("desk one", name.Args[0]);

        // SetPixelFormat (20) + SetEncodings (4 + 4n) + FramebufferUpdateRequest (10) arrive first.
        await server.WaitForBytesAsync(20 + 4 + 10);
        byte[] sent = server.Received;
        Assert.Equal(0, sent[0]);
        Assert.Equal(2, sent[20]);
        int count = (sent[22] << 8) | sent[23];
        await server.WaitForBytesAsync(20 + 4 + (4 * count) + 10);
        sent = server.Received;
        Assert.Equal(3, sent[24 + (4 * count)]);

        await stream.WriteAsync(RedUpdate(16, 8));
        await transport.ExpectAsync("sync", Timeout);

        // The next incremental request follows the update at once.
        await server.WaitForBytesAsync(20 + 4 + (4 * count) + 20);
        Assert.Equal([3, 1], server.Received.AsSpan(24 + (4 * count) + 10, 2).ToArray());

        await transport.WriteAsync("key", "65", "1");
        await transport.WriteAsync("mouse", "3", "4", "1");
        int before = 24 + (4 * count) + 20;
        await server.WaitForBytesAsync(before + 8 + 6);
        Assert.Equal("0401000000000041" + "050100030004", Convert.ToHexString(server.Received.AsSpan(before, 14)));
    }

    [Fact]
    public async Task ReadOnlyDropsInput()
    {
        await using var server = new FakeRfbServer(16, 8);
        await using var manager = NewManager();
        var (transport, _) = Open(manager, server.Port, new() { ["read-only"] = "true" });
        var stream = await server.ConnectedAsync();
        await stream.WriteAsync(RedUpdate(16, 8));
        await transport.ExpectAsync("sync", Timeout);
        await transport.WriteAsync("key", "65", "1");
        await transport.WriteAsync("mouse", "3", "4", "1");
        await transport.WriteAsync("clipboard", "1", "text/plain");
        await transport.WriteAsync("blob", "1", "aGk=");
        await transport.WriteAsync("end", "1");

        // A tunnel ping round trip: every instruction sent before it has been handled by then.
        await transport.WriteAsync("", "ping", "p1");
        await transport.ExpectAsync("", Timeout);

        // Only SetPixelFormat, SetEncodings and two update requests ever reach the server.
        await server.WaitForBytesAsync(24);
        int count = (server.Received[22] << 8) | server.Received[23];
        int expected = 20 + 4 + (4 * count) + 10 + 10;
        await server.WaitForBytesAsync(expected);
        await transport.WriteAsync("", "ping", "p2");
        await transport.ExpectAsync("", Timeout);
        Assert.Equal(expected, server.Received.Length);
    }

    [Fact]
    public async Task ServerCutTextBecomesAClipboardStream()
    {
        await using var server = new FakeRfbServer(8, 8);
        await using var manager = NewManager();
        var (transport, _) = Open(manager, server.Port);
        var stream = await server.ConnectedAsync();
        await stream.WriteAsync(new Bytes().U8(3).Raw(0, 0, 0).U32(4).Raw(0x63, 0x61, 0x66, 0xE9).ToArray());
        var clipboard = await transport.ExpectAsync("clipboard", Timeout);
        Assert.Equal("text/plain", clipboard.Args[1]);
        var blob = await transport.ExpectAsync("blob", Timeout);
        Assert.Equal("café", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(blob.Args[1])));
    }

    public static TheoryData<string, byte[], string> Hostile => new()
    {
        { "rectangle outside", new Bytes().U8(0).U8(0).U16(1).Rect(10, 0, 8, 8, EncodingType.Raw).ToArray(), "outside the 16x8 framebuffer" },
        { "huge colour map", new Bytes().U8(1).U8(0).U16(100).U16(65535).ToArray(), "colour map" },
        { "unknown type", new byte[] { 77 }, "unknown server message type 77" },
        { "overflowing size", new Bytes().U8(0).U8(0).U16(1).Rect(65535, 65535, 65535, 65535, EncodingType.Raw).ToArray(), "outside" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileServerEndsOnlyItsSession(string what, byte[] script, string reason)
    {
        await using var bad = new FakeRfbServer(16, 8);
        await using var good = new FakeRfbServer(16, 8);
        await using var manager = NewManager();
        var (badTransport, badUser) = Open(manager, bad.Port);
        var (goodTransport, goodUser) = Open(manager, good.Port);
        var badStream = await bad.ConnectedAsync();
        var goodStream = await good.ConnectedAsync();

        await badStream.WriteAsync(script);
        var error = await ExpectErrorAsync(badTransport);
        Assert.Contains(reason, error.Args[0], StringComparison.Ordinal);
        Assert.StartsWith("vnc protocol error: ", error.Args[0], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(what));

        await goodStream.WriteAsync(RedUpdate(16, 8));
        await goodTransport.ExpectAsync("sync", Timeout);
        await badUser.Session.Completion.WaitAsync(Timeout);
        Assert.False(goodUser.Session.IsEnded);
    }

    [Fact]
    public async Task TruncatedMessageThenCloseEndsWithUpstreamError()
    {
        await using var server = new FakeRfbServer(16, 8);
        await using var manager = NewManager();
        var (transport, _) = Open(manager, server.Port);
        var stream = await server.ConnectedAsync();
        await stream.WriteAsync(new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, 4, 4, EncodingType.Raw).Raw(1, 2, 3).ToArray());
        await stream.FlushAsync();
        server.Close();
        var error = await ExpectErrorAsync(transport);
        Assert.Contains("vnc server", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedConnectionIsUpstreamUnavailable()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var manager = NewManager();
        var (transport, _) = Open(manager, port);
        var error = await transport.ExpectAsync("error", Timeout);
        Assert.Equal(((int)GuacamoleStatus.UpstreamUnavailable).ToString(CultureInfo.InvariantCulture), error.Args[1]);
        Assert.Contains("connection refused", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownHostIsUpstreamNotFound()
    {
        await using var manager = NewManager();
        var (transport, _) = Open(manager, 5900, new() { ["hostname"] = "no-such-host.invalid" });
        var error = await transport.ExpectAsync("error", Timeout);
        Assert.Equal(((int)GuacamoleStatus.UpstreamNotFound).ToString(CultureInfo.InvariantCulture), error.Args[1]);
    }
}
