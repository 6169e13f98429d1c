using System.Diagnostics;
using System.Globalization;
using Gateway.IntegrationTests.Servers;
using Gateway.Protocol;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>
/// The VNC back end end to end against real servers the test starts: known pixels (exact, and within tolerance
/// through Tight JPEG), typing into an xterm, clipboard both ways, resize, a killed server, and authentication.
/// </summary>
public sealed class XvncGatewayTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "secret12";
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-vnc-drv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task PaintAsync(XClients x)
    {
        string xwd = Path.Combine(_directory, "pattern.xwd");
        TestPattern.WriteXwd(xwd);
        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        x.Start("xwud", "-in", xwd, "-geometry", "+100+60");
    }

    private static bool Background(Display.Tests.Reference.ReferenceClient r) =>
        r.Layers[0].Width > 10 && TestPattern.RgbAt(r.Layers[0], 5, 5) == TestPattern.Background && TestPattern.RgbAt(r.Layers[0], r.Layers[0].Width - 3, r.Layers[0].Height - 3) == TestPattern.Background;

    private static bool PatternWithin(Display.Tests.Reference.ReferenceClient r, int tolerance) =>
        TestPattern.Find(r.Layers[0]) is { } origin && TestPattern.MaxDifference(r.Layers[0], origin) <= tolerance;

    private async Task<string> PasswordFileAsync()
    {
        string path = Path.Combine(_directory, "passwd");
        var info = new ProcessStartInfo("vncpasswd", "-f") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(info)!;
        await p.StandardInput.WriteLineAsync(Password);
        p.StandardInput.Close();
        using var file = File.Create(path);
        await p.StandardOutput.BaseStream.CopyToAsync(file);
        await p.WaitForExitAsync();
        return path;
    }

    [Fact]
    public async Task KnownPixelsArriveExactlyWhenLossless()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await PaintAsync(x);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["force-lossless"] = "true", ["disable-display-resize"] = "true" });
        await client.WaitForAsync(Background, "the background colour");
        await client.WaitForAsync(r => PatternWithin(r, 0), "the exact test pattern");
        Assert.Equal(320, client.Read(r => r.Layers[0].Width));
        var name = await client.WaitForInstructionAsync("name");
        Assert.Equal("gateway-test", name.Args[0]);
    }

    [Fact]
    public async Task KnownPixelsArriveWithinToleranceThroughTightJpeg()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await PaintAsync(x);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string>
        {
            ["encodings"] = "tight",
            ["quality-level"] = "8",
            ["compress-level"] = "2",
            ["disable-display-resize"] = "true",
        });
        await client.WaitForAsync(r => r.Layers[0].Width == 320 && PatternWithin(r, 64), "the test pattern within tolerance");
        int difference = client.Read(r => TestPattern.MaxDifference(r.Layers[0], TestPattern.Find(r.Layers[0])!.Value));
        output.WriteLine($"largest channel difference through tight/jpeg: {difference}");
    }

    [Fact]
    public async Task TheServersTightJpegReachesTheClientAndTheLosslessRefreshMakesItExact()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await PaintAsync(x);
        await using var client = VncGatewayClient.Open(
            server.Port,
            new Dictionary<string, string>
            {
                ["encodings"] = "tight",
                ["quality-level"] = "5",
                ["disable-display-resize"] = "true",
            },
            imageMimetypes: ["image/jpeg", "image/png"]);

        // A still picture is never sent lossy by our own policy: a JPEG here is the server's, passed through.
        await client.WaitForAsync(r => r.Layers[0].Width == 320 && PatternWithin(r, 64) && client.ImageMimetypes().Contains("image/jpeg"), "the server's jpeg");
        output.WriteLine($"images so far: {string.Join(", ", client.ImageMimetypes())}");

        // The gateway's own picture is what the server's JPEG decodes to; a joiner's full state carries it
        // losslessly. Once still for the refresh delay, the owner's lossy region comes again as PNG and matches it.
        await using var joiner = client.Join(320, 240);
        await joiner.WaitForAsync(r => r.Layers.ContainsKey(0) && r.Layers[0].Width == 320 && PatternWithin(r, 64), "the joiner's full state");
        byte[] exact = joiner.Read(r => r.Layers[0].Pixels.ToArray());
        Assert.DoesNotContain("image/jpeg", joiner.ImageMimetypes());
        // (The client's JPEG decoder may already agree with the gateway's exactly, so wait for the refresh too.)
        await client.WaitForAsync(
            r => r.Layers[0].Pixels.AsSpan().SequenceEqual(exact) && client.ImageMimetypes() is var seen && seen.LastIndexOf("image/png") > seen.LastIndexOf("image/jpeg"),
            "the gateway's exact pixels after the lossless refresh");
        output.WriteLine($"images: {string.Join(", ", client.ImageMimetypes())}; pattern difference {client.Read(r => TestPattern.MaxDifference(r.Layers[0], TestPattern.Find(r.Layers[0])!.Value))}");
    }

    [Fact]
    public async Task TypingIntoAnXtermShowsTheCharacters()
    {
        await using var server = await XvncServer.StartAsync(400, 200, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        x.Start("xterm", "-fa", "DejaVu Sans Mono", "-fs", "14", "-geometry", "30x4+0+0", "-bg", "black", "-fg", "white", "-e", "cat");
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["disable-display-resize"] = "true" });
        await client.WaitForAsync(r => r.Layers[0].Width == 400 && TestPattern.RgbAt(r.Layers[0], 20, 20) == 0, "the xterm");
        int baseline = client.Read(r => Bright(r.Layers[0]));
        await client.SendAsync("mouse", "40", "30", "0");
        await client.TypeAsync("xxxxxxxxxxxxxxxxxxxx");
        await client.WaitForAsync(r => Bright(r.Layers[0]) >= baseline + 150, "the typed characters");
        output.WriteLine($"bright pixels before {baseline}, after {client.Read(r => Bright(r.Layers[0]))}");
    }

    private static int Bright(Display.Tests.Reference.ReferenceLayer layer)
    {
        int count = 0;
        for (int y = 0; y < Math.Min(100, layer.Height); y++)
        {
            for (int x = 0; x < Math.Min(300, layer.Width); x++)
            {
                if ((TestPattern.RgbAt(layer, x, y) & 0xFF) > 0x80 && TestPattern.RgbAt(layer, x, y) != TestPattern.Background)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Fact]
    public async Task ClipboardTravelsBothWays()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        using var x = new XClients(server.Display);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["disable-display-resize"] = "true" });
        await client.WaitForAsync(r => r.Layers[0].Width == 320, "the first frame");

        // Server to browser: an X client owns the clipboard (xclip stays in the foreground with -quiet).
        var owner = x.Start("xclip", "-quiet", "-selection", "clipboard");
        await owner.StandardInput.WriteAsync("from-server-123 é");
        owner.StandardInput.Close();
        var deadline = DateTime.UtcNow + VncGatewayClient.Timeout;
        while (client.LastClipboard() != "from-server-123 é")
        {
            Assert.True(DateTime.UtcNow < deadline, "the server's clipboard did not arrive; last: " + client.LastClipboard());
            await Task.Delay(50);
        }

        owner.Kill();

        // Browser to server: the gateway pastes, an X client reads the clipboard.
        await client.PasteAsync("from-browser-456 ü");
        deadline = DateTime.UtcNow + VncGatewayClient.Timeout;
        string read = string.Empty;
        while (read != "from-browser-456 ü")
        {
            Assert.True(DateTime.UtcNow < deadline, "the browser's clipboard did not reach the server; last: " + read);
            await Task.Delay(50);
            read = await x.RunAsync("xclip", null, "-o", "-selection", "clipboard");
        }
    }

    [Fact]
    public async Task BrowserSizeResizesTheServerFramebuffer()
    {
        await using var server = await XvncServer.StartAsync(800, 600, ["-SecurityTypes", "None"]);
        await using var client = VncGatewayClient.Open(server.Port, width: 1024, height: 700);
        await client.WaitForAsync(r => r.Layers[0].Width == 1024 && r.Layers[0].Height == 700, "the owner's size on the server");
        await client.SendAsync("size", "640", "480");
        await client.WaitForAsync(r => r.Layers[0].Width == 640 && r.Layers[0].Height == 480, "the new size");
    }

    [Fact]
    public async Task KilledServerEndsTheSessionWithAStatus()
    {
        var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["disable-display-resize"] = "true" });
        await client.WaitForAsync(r => r.Layers[0].Width == 320, "the first frame");
        var watch = Stopwatch.StartNew();
        server.Kill();
        var error = await client.Error.WaitAsync(VncGatewayClient.Timeout);
        output.WriteLine($"status {error.Args[1]} '{error.Args[0]}' after {watch.ElapsedMilliseconds} ms");
        Assert.Contains(error.Args[1], new[] { Code(GuacamoleStatus.UpstreamError), Code(GuacamoleStatus.UpstreamUnavailable) });
        await server.DisposeAsync();
    }

    [Fact]
    public async Task DisableServerInputIsSentAndARejectingServerIsExplained()
    {
        // guacd 1.6.0 sends UltraVNC's SetServerInput when asked; TigerVNC does not know the message and closes the
        // connection ("unknown message type 9"), which the user must be told plainly.
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "None"]);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["disable-server-input"] = "true", ["disable-display-resize"] = "true" });
        var error = await client.Error.WaitAsync(VncGatewayClient.Timeout);
        output.WriteLine($"status {error.Args[1]} '{error.Args[0]}'");
        Assert.Equal(Code(GuacamoleStatus.UpstreamError), error.Args[1]);
        Assert.Contains("disable-server-input", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongVncPasswordIsClientUnauthorized()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["password"] = "wrongpw" });
        var error = await client.Error.WaitAsync(VncGatewayClient.Timeout);
        Assert.Equal(Code(GuacamoleStatus.ClientUnauthorized), error.Args[1]);
        Assert.DoesNotContain("wrongpw", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPasswordIsAskedForAndTheAnswerConnects()
    {
        await using var server = await XvncServer.StartAsync(320, 240, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        using var x = new XClients(server.Display);
        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["disable-display-resize"] = "true" });
        var required = await client.WaitForInstructionAsync("required");
        Assert.Equal(["password"], required.Args);
        await client.SendAsync("argv", "3", "text/plain", "password");
        await client.SendAsync("blob", "3", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)));
        await client.SendAsync("end", "3");
        await client.WaitForAsync(Background, "the background colour after the prompt");
    }

    [Theory]
    [InlineData("VncAuth")]
    [InlineData(null)]
    public async Task RightPasswordShowsTheDesktop(string? securityTypes)
    {
        string[] args = securityTypes is null
            ? ["-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]
            : ["-SecurityTypes", securityTypes, "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"];
        await using var server = await XvncServer.StartAsync(320, 240, args);
        using var x = new XClients(server.Display);
        await x.RunAsync("xsetroot", null, "-solid", "#336699");
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["password"] = Password, ["disable-display-resize"] = "true" });
        await client.WaitForAsync(Background, "the background colour");
    }

    [Fact]
    public async Task X11vncOnXvfbShowsKnownPixels()
    {
        await using var server = await X11vncServer.StartAsync(320, 240, ["-nopw"]);
        using var x = new XClients(server.Display);
        await PaintAsync(x);
        await using var client = VncGatewayClient.Open(server.Port, new Dictionary<string, string> { ["force-lossless"] = "true", ["disable-display-resize"] = "true" });
        await client.WaitForAsync(Background, "the background colour");
        await client.WaitForAsync(r => PatternWithin(r, 0), "the exact test pattern");
    }

    private static string Code(GuacamoleStatus status) => ((int)status).ToString(CultureInfo.InvariantCulture);
}
