using Gateway.IntegrationTests.Servers;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>
/// Against real Xvnc (TigerVNC, which supports Fence and ContinuousUpdates): updates keep flowing when the server
/// pushes them instead of being polled, also after a resize, pixels stay exact, and a second user joining a live
/// session gets the full current picture.
/// </summary>
public sealed class XvncUpdatesAndJoinTests : IDisposable
{
    private const uint Red = 0xCC3311;
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-vnc-gaps-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static bool Solid(Display.Tests.Reference.ReferenceClient r, uint rgb) =>
        r.Layers[0].Width > 10 && TestPattern.RgbAt(r.Layers[0], 2, 2) == rgb && TestPattern.RgbAt(r.Layers[0], r.Layers[0].Width - 2, r.Layers[0].Height - 2) == rgb;

    private static bool Pattern(Display.Tests.Reference.ReferenceClient r) =>
        TestPattern.Find(r.Layers[0]) is { } origin && TestPattern.MaxDifference(r.Layers[0], origin) == 0;

    private string PatternFile()
    {
        string xwd = Path.Combine(_directory, "pattern.xwd");
        TestPattern.WriteXwd(xwd);
        return xwd;
    }

    [Fact]
    public async Task ContinuousUpdatesDeliverExactPixelsAlsoAfterAResize()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        using var logging = new RecordingLoggerFactory();
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["force-lossless"] = "true", ["continuous-updates"] = "true" }, width: 640, height: 480, logging: logging);

        // The owner's size is asked for and granted: the framebuffer grows past the area first enabled.
        await client.WaitForAsync(r => r.Layers[0].Width == 640 && r.Layers[0].Height == 480, "the owner's size on the server");
        Assert.Contains(logging.Messages, m => m.Contains("server supports continuous updates", StringComparison.Ordinal));

        // Everything drawn from now on is pushed by the server (we no longer poll), across the whole new area.
        await x.RunAsync("xsetroot", null, "-solid", "#CC3311");
        await client.WaitForAsync(r => Solid(r, Red), "the new background up to the new bottom-right corner");
        x.Start("xwud", "-in", PatternFile(), "-geometry", "+400+300");
        await client.WaitForAsync(Pattern, "the exact test pattern in the grown area");

        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        await client.WaitForAsync(r => TestPattern.RgbAt(r.Layers[0], 2, 2) == TestPattern.Background, "a later change");
        await client.WaitForAsync(Pattern, "the pattern still exact");
    }

    [Fact]
    public async Task JoinerSeesTheSameFullPictureAsTheOwner()
    {
        await using var server = await XvncServer.StartAsync(400, 300, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        x.Start("xwud", "-in", PatternFile(), "-geometry", "+100+60");
        await using var owner = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["force-lossless"] = "true", ["disable-display-resize"] = "true" });
        await owner.WaitForAsync(Pattern, "the exact test pattern for the owner");
        var name = await owner.WaitForInstructionAsync("name");

        await using var joiner = owner.Join();
        await joiner.WaitForAsync(r => r.Layers[0].Width == 400 && r.Layers[0].Height == 300, "the framebuffer size for the joiner");
        await joiner.WaitForAsync(Pattern, "the exact test pattern for the joiner, without any new drawing");
        Assert.Equal(name.Args[0], (await joiner.WaitForInstructionAsync("name")).Args[0]);

        // Settle on a quiet desktop, then the two pictures are identical pixel for pixel.
        byte[] ownerPixels = owner.Read(r => r.Layers[0].Pixels.ToArray());
        await joiner.WaitForAsync(r => r.Layers[0].Pixels.AsSpan().SequenceEqual(ownerPixels), "the joiner's picture equal to the owner's");

        // Both keep receiving what follows.
        await x.RunAsync("xsetroot", null, "-solid", "#CC3311");
        await owner.WaitForAsync(r => TestPattern.RgbAt(r.Layers[0], 2, 2) == Red, "the change for the owner");
        await joiner.WaitForAsync(r => TestPattern.RgbAt(r.Layers[0], 2, 2) == Red, "the change for the joiner");
    }
}
