using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Sessions;

public sealed class SessionSmokeTests
{
    private static bool Fail(string s) => throw new Xunit.Sdk.XunitException(s);

    [Fact]
    public async Task Owner_gets_pattern_and_key_square()
    {
        await using var manager = new SessionManager([new TestPatternBackend()]);
        var transport = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = "test-pattern", Client = new ClientInfo { Width = 320, Height = 200 } }, transport);
        Assert.Null(open.Error);
        var run = open.User!.RunAsync(CancellationToken.None);

        var size = await transport.ExpectAsync("size");
        Assert.Equal(["0", "320", "200"], size.Args);
        var sync = await transport.ExpectAsync("sync");
        await transport.WriteAsync("sync", sync.Args[0]);

        await transport.WriteAsync("key", "65", "1");
        var rect = await transport.ExpectAsync("rect");
        Assert.Equal(["0", "0", "64", "64", "64"], rect.Args);
        var cfill = await transport.ExpectAsync("cfill");
        Assert.Equal(["14", "0", "65", "0", "128", "255"], cfill.Args);

        await transport.WriteAsync("disconnect");
        var rest = await transport.ReadToEndAsync();
        Assert.DoesNotContain(rest, i => i.Opcode == "error" && Fail(i.ToString()));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(GuacamoleStatus.Success, await transport.Closed);
        await open.User.Session.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Malformed_input_ends_only_that_user()
    {
        await using var manager = new SessionManager([new TestPatternBackend()]);
        var owner = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = "test-pattern" }, owner);
        var ownerRun = open.User!.RunAsync(CancellationToken.None);
        await owner.ExpectAsync("sync");

        var joiner = new MemoryTransport();
        var join = manager.Open(new ConnectRequest { Selected = open.User.Session.Id }, joiner);
        Assert.Null(join.Error);
        var joinRun = join.User!.RunAsync(CancellationToken.None);
        await joiner.ExpectAsync("sync");
        var msg = await owner.ExpectAsync("msg");
        Assert.Equal("1", msg.Args[0]);

        await joiner.WriteRawAsync("5.mouse,1.x;");
        var error = await joiner.ExpectAsync("error");
        Assert.Equal("768", error.Args[1]);
        await joinRun.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(GuacamoleStatus.ClientBadRequest, await joiner.Closed);

        var left = await owner.ExpectAsync("msg");
        Assert.Equal("2", left.Args[0]);
        await owner.WriteAsync("key", "66", "1");
        var cfill = await owner.ExpectAsync("cfill");
        Assert.Equal("66", cfill.Args[2]);
        Assert.False(open.User.Session.IsEnded);
        await owner.WriteAsync("disconnect");
        await ownerRun.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
