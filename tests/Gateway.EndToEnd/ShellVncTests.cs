using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Servers;
using Gateway.IntegrationTests.Vnc;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// Gateway's own web client (the <c>/session</c> page and the <c>&lt;gateway-session&gt;</c> element) in Chromium
/// against a real Xvnc through the <c>vnc</c> back end: exact pixels, typing into an xterm, the clipboard both ways,
/// the window resizing the remote desktop, and a restarted VNC server bringing the session back. The tests share one
/// Xvnc; a failing test saves a screenshot to the artefacts directory.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ShellVncTests(GatewayBrowserFixture fixture, VncDesktop desktop, ITestOutputHelper output) : IClassFixture<VncDesktop>
{
    private const int Width = 640;
    private const int Height = 480;

    private static readonly Rgb Background = Rgb.FromHex(0x336699);

    private Uri SessionAddress() =>
        new(fixture.BaseAddress, "/session?token=" + Uri.EscapeDataString(VncDesktop.MintToken(fixture.Tokens, desktop.Server.Port)));

    [Fact]
    public Task The_background_and_the_test_pattern_appear_at_the_right_pixels() =>
        RunAsync(nameof(The_background_and_the_test_pattern_appear_at_the_right_pixels), async page =>
        {
            await page.GotoAsync(SessionAddress());
            await page.WaitForStateAsync("connected");
            var points = VncDesktop.PatternPoints();
            await page.WaitForPixelAsync(points[0].X, points[0].Y, points[0].Expected);
            await page.AssertPixelsAsync([.. points, (5, 5, Background), (Width - 1, 5, Background), (Width - 1, Height - 1, Background)]);
            Assert.Equal((Width, Height), await page.DisplaySizeAsync());
        });

    [Fact]
    public Task Typing_into_an_xterm_shows_the_characters() =>
        RunAsync(nameof(Typing_into_an_xterm_shows_the_characters), async page =>
        {
            await page.GotoAsync(SessionAddress());
            await page.WaitForStateAsync("connected");
            var area = VncDesktop.XtermArea;
            await page.WaitForPixelAsync(area.X + 20, area.Y + 20, Rgb.FromHex(0x000000));
            int baseline = await BrightPixelsAsync(page);

            // No window manager: the xterm has the keyboard while the pointer is over it.
            await page.Page.Mouse.ClickAsync(area.X + 40, area.Y + 30);
            await page.Page.Keyboard.TypeAsync("xxxxxxxxxxxxxxxxxxxx");
            int after = await ShellPage.WaitForAsync(() => BrightPixelsAsync(page), n => n >= baseline + 150, "the typed characters in the xterm");
            output.WriteLine($"bright pixels in the xterm before {baseline}, after {after}");
        });

    [Fact]
    public Task The_clipboard_panel_and_the_remote_clipboard_exchange_text_both_ways() =>
        RunAsync(nameof(The_clipboard_panel_and_the_remote_clipboard_exchange_text_both_ways), async page =>
        {
            await page.GotoAsync(SessionAddress());
            await page.WaitForStateAsync("connected");

            // Browser to server: text typed into the panel is what an X client reads from the clipboard.
            const string FromBrowser = "from the shell 123 ü";
            await page.InRootAsync<bool>("const t = root.querySelector('.gw-clipboard'); t.value = arg; t.dispatchEvent(new Event('input')); return true;", FromBrowser);
            await ShellPage.WaitForAsync(() => desktop.Clients.RunAsync("xclip", null, "-o", "-selection", "clipboard"), t => t == FromBrowser, "xclip -o to print the panel's text");

            // Server to browser: an X client takes the clipboard (xclip -quiet stays in the foreground owning it).
            const string FromServer = "from xvnc 456 é";
            var owner = desktop.Clients.Start("xclip", "-quiet", "-i", "-selection", "clipboard");
            await owner.StandardInput.WriteAsync(FromServer);
            owner.StandardInput.Close();
            await ShellPage.WaitForAsync(() => page.InRootAsync<string>("return root.querySelector('.gw-clipboard').value;"), t => t == FromServer, "the panel to show the server's clipboard");
            owner.Kill();
        });

    [Fact]
    public Task Resizing_the_window_resizes_the_remote_desktop() =>
        RunAsync(nameof(Resizing_the_window_resizes_the_remote_desktop), async page =>
        {
            await page.GotoAsync(SessionAddress());
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(Width - 1, Height - 1, Background);

            await page.Page.SetViewportSizeAsync(800, 600);
            await ShellPage.WaitForAsync(page.DisplaySizeAsync, s => s == (800, 600), "the canvas to follow the window");
            await page.WaitForPixelAsync(799, 599, Background);
            string dimensions = await ShellPage.WaitForAsync(() => ScreenDimensionsAsync(desktop.Clients), d => d == "800x600", "xdpyinfo to report 800x600");
            output.WriteLine($"xdpyinfo: {dimensions}");

            await page.Page.SetViewportSizeAsync(Width, Height);
            await ShellPage.WaitForAsync(() => ScreenDimensionsAsync(desktop.Clients), d => d == $"{Width}x{Height}", "xdpyinfo to report the original size again");
        });

    [Fact]
    public async Task A_restarted_vnc_server_shows_the_reconnect_overlay_and_the_session_comes_back_with_its_pixels()
    {
        const string TestName = nameof(A_restarted_vnc_server_shows_the_reconnect_overlay_and_the_session_comes_back_with_its_pixels);
        XvncServer? server = await XvncServer.StartAsync(Width, Height, ["-SecurityTypes", "None"]);
        var clients = new XClients(server.Display);
        int port = server.Port;
        await desktop.PaintAsync(clients, "#336699");
        long firstLogLine = fixture.ServerLog.NextLineNumber;
        var page = await ShellPage.OpenAsync(fixture.Browser, Width, Height, () => VncDesktop.MintToken(fixture.Tokens, port));
        try
        {
            await page.GotoAsync(new Uri(fixture.BaseAddress, "/e2e/shell-element.html?token=" + Uri.EscapeDataString(VncDesktop.MintToken(fixture.Tokens, port))));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(5, 5, Background);

            // The VNC server dies; a new one takes the same port with another background.
            clients.Dispose();
            await server.DisposeAsync();
            server = null;
            string overlay = await ShellPage.WaitForAsync(async () => await page.OverlayTextAsync() ?? string.Empty,
                t => t.Contains("Reconnecting in", StringComparison.Ordinal), "the reconnect countdown");
            output.WriteLine($"overlay: {overlay.ReplaceLineEndings(" | ")}");

            server = await XvncServer.StartAsync(Width, Height, ["-SecurityTypes", "None"], port);
            clients = new XClients(server.Display);
            await desktop.PaintAsync(clients, "#993366");

            await ShellPage.WaitForAsync(page.HostEventsAsync,
                e => e.Count(x => x.TryGetProperty("type", out var t) && t.GetString() == "gateway-connected") >= 2,
                "the session to come back", TimeSpan.FromSeconds(40));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(5, 5, Rgb.FromHex(0x993366));
            var points = VncDesktop.PatternPoints();
            await page.WaitForPixelAsync(points[0].X, points[0].Y, points[0].Expected);
            await page.AssertPixelsAsync(points);
            Assert.Null(await page.OverlayTitleAsync());
        }
        catch (Exception)
        {
            await page.ReportFailureAsync(fixture, output, $"ShellVnc_{TestName}.png", firstLogLine);
            throw;
        }
        finally
        {
            await page.DisposeAsync();
            clients.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Pixels in the xterm's area brighter than mid grey (white text on black).</summary>
    private static Task<int> BrightPixelsAsync(ShellPage page) =>
        page.InRootAsync<int>(
            "const c = root.querySelector('.gw-display canvas'); const d = c.getContext('2d').getImageData(arg[0], arg[1], arg[2], arg[3]).data;" +
            "let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] + d[i + 1] + d[i + 2] > 384) n++; } return n;",
            new[] { VncDesktop.XtermArea.X, VncDesktop.XtermArea.Y, VncDesktop.XtermArea.Width, VncDesktop.XtermArea.Height });

    /// <summary>The display's size as xdpyinfo reports it ("640x480").</summary>
    private static async Task<string> ScreenDimensionsAsync(XClients clients)
    {
        string info = await clients.RunAsync("xdpyinfo", null);
        var match = DimensionsPattern().Match(info);
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    [GeneratedRegex(@"dimensions:\s+(\d+x\d+) pixels")]
    private static partial Regex DimensionsPattern();

    private async Task RunAsync(string testName, Func<ShellPage, Task> body)
    {
        long firstLogLine = fixture.ServerLog.NextLineNumber;
        await using var page = await ShellPage.OpenAsync(fixture.Browser, Width, Height, () => VncDesktop.MintToken(fixture.Tokens, desktop.Server.Port));
        try
        {
            await body(page);
        }
        catch (Exception)
        {
            await page.ReportFailureAsync(fixture, output, $"ShellVnc_{testName}.png", firstLogLine);
            throw;
        }
    }
}
