using Gateway.Protocol;
using Gateway.TestBackends;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>The guacd-compatible listener over raw TCP, as the stock Guacamole web app would use it.</summary>
public sealed class GuacdListenerTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayFixture _gateway;

    public GuacdListenerTests(GatewayFixture gateway) => _gateway = gateway;

    private static async Task<string> HandshakeAsync(GuacdWire wire, string selected, Func<IReadOnlyList<string>, string[]>? values = null)
    {
        await wire.SendAsync("select", selected);
        var args = await wire.ExpectAsync("args");
        Assert.Equal("VERSION_1_5_0", args.Args[0]);
        await wire.SendAsync("size", "640", "480", "96");
        await wire.SendAsync("audio", "audio/L16");
        await wire.SendAsync("video");
        await wire.SendAsync("image", "image/png", "image/jpeg", "image/webp");
        await wire.SendAsync("timezone", "Europe/London");
        await wire.SendAsync("name", "raw client");
        var names = args.Args.Skip(1).ToList();
        var connect = values?.Invoke(names) ?? names.Select(_ => string.Empty).ToArray();
        await wire.SendAsync("connect", ["VERSION_1_5_0", .. connect]);
        var ready = await wire.ExpectAsync("ready");
        return ready.Args[0];
    }

    [Fact]
    public async Task Full_handshake_draws_the_pattern_and_takes_keys()
    {
        await using var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        await wire.SendAsync("select", "test-pattern");
        var args = await wire.ExpectAsync("args");
        Assert.Equal(["VERSION_1_5_0", "width", "height", "color", "password", "require-password", "fail-after-ms", "end-after-ms", "read-only"], args.Args);
        await wire.SendAsync("size", "640", "480", "96");
        await wire.SendAsync("image", "image/png");
        await wire.SendAsync("connect", "VERSION_1_5_0", "", "", "ff0000", "", "", "", "", "");
        var ready = await wire.ExpectAsync("ready");
        Assert.StartsWith("$", ready.Args[0]);

        var size = await wire.ExpectAsync("size");
        Assert.Equal(["0", "640", "480"], size.Args);
        var background = await wire.ExpectAsync("cfill");
        Assert.Equal(["14", "0", "255", "0", "0", "255"], background.Args);
        var sync = await wire.ExpectAsync("sync");
        await wire.SendAsync("sync", sync.Args[0]);

        await wire.SendAsync("key", "97", "1");
        await wire.ExpectAsync("rect");
        var key = await wire.ExpectAsync("cfill");
        Assert.Equal(["14", "0", "97", "0", "128", "255"], key.Args);
        await wire.SendAsync("disconnect");
        Assert.Null(await DrainAsync(wire));
    }

    [Fact]
    public async Task Joiner_shares_the_connection_and_owner_is_told()
    {
        await using var owner = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        var id = await HandshakeAsync(owner, "test-pattern");
        await owner.ExpectAsync("sync");

        await using var joiner = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        var joinedId = await HandshakeAsync(joiner, id, names => names.Select(n => n == "read-only" ? "true" : string.Empty).ToArray());
        Assert.Equal(id, joinedId);
        await joiner.ExpectAsync("size");
        await joiner.ExpectAsync("sync");
        var msg = await owner.ExpectAsync("msg");
        Assert.Equal("1", msg.Args[0]);
        Assert.Equal("raw client", msg.Args[2]);

        // The read-only joiner's keys do nothing; the owner's reach both.
        await joiner.SendAsync("key", "98", "1");
        await owner.SendAsync("key", "99", "1");
        var seenByJoiner = await joiner.ExpectAsync("rect");
        Assert.Equal(["0", "0", "64", "64", "64"], seenByJoiner.Args);
        Assert.Equal("99", (await joiner.ExpectAsync("cfill")).Args[2]);
        Assert.Equal("99", (await owner.ExpectAsync("cfill")).Args[2]);
    }

    [Fact]
    public async Task Unknown_protocol_gets_a_clear_error()
    {
        await using var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        await wire.SendAsync("select", "telepathy");
        var error = await wire.ExpectAsync("error");
        Assert.Contains("telepathy", error.Args[0], StringComparison.Ordinal);
        Assert.Equal(((int)GuacamoleStatus.Unsupported).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Args[1]);
        Assert.Null(await wire.ReadAsync());
    }

    [Fact]
    public async Task Unknown_connection_id_is_not_found()
    {
        await using var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        await wire.SendAsync("select", "$" + Guid.NewGuid());
        var error = await wire.ExpectAsync("error");
        Assert.Equal(["No such connection.", "516"], error.Args);
    }

    [Fact]
    public async Task Wrong_connect_value_count_is_a_bad_request()
    {
        await using var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        await wire.SendAsync("select", "test-pattern");
        await wire.ExpectAsync("args");
        await wire.SendAsync("connect", "VERSION_1_5_0", "only-one");
        var error = await wire.ExpectAsync("error");
        Assert.Equal("768", error.Args[1]);
    }

    [Theory]
    [InlineData("6.select,3.vnc", "768")]
    [InlineData("garbage;", "768")]
    [InlineData("99999.", "781")]
    public async Task Malformed_input_gets_a_status_and_the_listener_lives_on(string raw, string status)
    {
        await using (var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint))
        {
            await wire.SendRawAsync(raw + (raw.EndsWith(';') || raw.EndsWith('.') ? string.Empty : ",x;"));
            var error = await wire.ExpectAsync("error");
            Assert.Equal(status, error.Args[1]);
        }

        await using var next = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        Assert.StartsWith("$", await HandshakeAsync(next, TestPatternBackend.ProtocolName));
    }

    [Fact]
    public async Task Silent_client_times_out_in_the_handshake()
    {
        await using var wire = await GuacdWire.ConnectAsync(_gateway.GuacdEndpoint);
        var error = await wire.ExpectAsync("error");
        Assert.Equal("776", error.Args[1]);
    }

    private static async Task<Instruction?> DrainAsync(GuacdWire wire)
    {
        while (await wire.ReadAsync() is { } next)
        {
            if (next.Opcode == "error")
            {
                return next;
            }
        }

        return null;
    }
}
