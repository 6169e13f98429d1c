using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.Server.Tokens;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// The unchanged npm guacamole-common-js 1.5.0 in headless Chromium against the gateway's WebSocket and HTTP
/// tunnels, with the test-pattern back end on the other side.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StockClientTests(GatewayBrowserFixture fixture, ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 480;
    private const int ClientUnauthorized = 0x301; // 769
    private const int ServerError = 0x200;        // 512

    private static readonly Rgb Background = Rgb.FromHex(0x336699);
    private static readonly Rgb Red = Rgb.FromHex(0xFF0000);
    private static readonly Rgb Green = Rgb.FromHex(0x00FF00);
    private static readonly Rgb Blue = Rgb.FromHex(0x0000FF);
    private static readonly Rgb White = Rgb.FromHex(0xFFFFFF);
    private static readonly Rgb Black = Rgb.FromHex(0x000000);

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Connect_shows_the_test_pattern(string tunnel) =>
        RunAsync($"{nameof(Connect_shows_the_test_pattern)}_{tunnel}", async scope =>
        {
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);

            var connected = await page.WaitForConnectedAsync();
            Assert.Equal([PageSnapshot.Connecting, PageSnapshot.Waiting, PageSnapshot.Connected], connected.States);
            Assert.Empty(connected.Errors);
            Assert.Empty(connected.TunnelErrors);
            Assert.NotNull(connected.Uuid);
            Assert.Matches(UuidPattern(), connected.Uuid);

            await page.WaitForPixelAsync(224, 32, White);
            await page.AssertPixelsAsync(
                (32, 32, Red),
                (96, 32, Green),
                (160, 32, Blue),
                (224, 32, White),
                (32, 96, Black),
                (400, 32, Background),
                (320, 240, Background),
                (Width - 1, Height - 1, Background));
            var shown = await page.SnapshotAsync();
            Assert.Equal((Width, Height), (shown.Width, shown.Height));
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Key_press_paints_the_key_square(string tunnel) =>
        RunAsync($"{nameof(Key_press_paints_the_key_square)}_{tunnel}", async scope =>
        {
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);
            await page.WaitForConnectedAsync();
            await page.WaitForPixelAsync(224, 32, White);
            await page.AssertPixelsAsync((32, 96, Black));

            await page.KeyTapAsync(0x41);

            await page.WaitForPixelAsync(32, 96, new Rgb(0x41, 0x00, 0x80));
            var after = await page.SnapshotAsync();
            Assert.Contains("key,65,1", after.Sent);
            Assert.Contains("key,65,0", after.Sent);
            Assert.Equal(PageSnapshot.Connected, after.State);
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Clipboard_is_echoed_back(string tunnel) =>
        RunAsync($"{nameof(Clipboard_is_echoed_back)}_{tunnel}", async scope =>
        {
            // Non-ASCII text within the Basic Multilingual Plane round-trips through the stock 1.5.0 client.
            // Characters outside it cannot: its StringWriter sends them as CESU-8 surrogate triplets (the
            // gateway normalises those to UTF-8 for back ends; see TextStreamDecoderTests) and its
            // StringReader drops 4-byte UTF-8, which is also what guacd sends.
            const string text = "héllo wörld — ✓ 你好";
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);
            await page.WaitForConnectedAsync();

            await page.SetClipboardAsync(text);

            var echoed = await page.WaitForAsync(s => s.Clipboard.Count > 0, "a clipboard stream");
            Assert.Equal(new ClipboardText("text/plain", text), echoed.Clipboard[0]);
            Assert.Empty(echoed.Errors);
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Disconnect_ends_the_session(string tunnel) =>
        RunAsync($"{nameof(Disconnect_ends_the_session)}_{tunnel}", async scope =>
        {
            await WaitForSessionCountAsync(0, "sessions of earlier tests to end");
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);
            await page.WaitForConnectedAsync();
            Assert.Equal(1, fixture.Sessions.SessionCount);

            await page.DisconnectAsync();

            var after = await page.WaitForAsync(s => s.State == PageSnapshot.Disconnected, "state DISCONNECTED");
            Assert.Empty(after.Errors);
            Assert.Empty(after.TunnelErrors);
            await WaitForSessionCountAsync(0, "the session to end after client.disconnect()");
        });

    [Theory]
    [InlineData("ws", "forged")]
    [InlineData("http", "forged")]
    [InlineData("ws", "expired")]
    [InlineData("http", "expired")]
    [InlineData("ws", "reused")]
    [InlineData("http", "reused")]
    public Task Bad_token_is_refused_with_769(string tunnel, string kind) =>
        RunAsync($"{nameof(Bad_token_is_refused_with_769)}_{tunnel}_{kind}", async scope =>
        {
            string token = kind switch
            {
                "forged" => "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "expired" => fixture.MintToken(lifetime: TimeSpan.FromMinutes(-10)),
                _ => fixture.MintToken(),
            };
            if (kind == "reused")
            {
                var first = await scope.OpenPageAsync();
                await first.ConnectAsync(tunnel, token, Width, Height);
                await first.WaitForConnectedAsync();
            }

            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, token, Width, Height);

            var refused = await page.WaitForAsync(s => s.TunnelErrors.Count > 0, "a tunnel error");
            Assert.Equal(ClientUnauthorized, refused.TunnelErrors[0].Code);
            if (tunnel == "ws")
            {
                // The close reason carries the status; a close code alone would have mapped to another status.
                Assert.Equal("769", refused.TunnelErrors[0].Message);
            }

            Assert.DoesNotContain(PageSnapshot.Connected, refused.States);
            Assert.Null(refused.Uuid);
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Crash_reports_512_and_spares_other_sessions(string tunnel) =>
        RunAsync($"{nameof(Crash_reports_512_and_spares_other_sessions)}_{tunnel}", async scope =>
        {
            var healthy = await scope.OpenPageAsync();
            await healthy.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);
            await healthy.WaitForConnectedAsync();

            var crashing = await scope.OpenPageAsync();
            await crashing.ConnectAsync(tunnel, fixture.MintToken(new Dictionary<string, string> { ["fail-after-ms"] = "300" }), Width, Height);

            var crashed = await crashing.WaitForAsync(
                s => s.Errors.Count > 0 && s.State == PageSnapshot.Disconnected,
                "an error and state DISCONNECTED");
            Assert.Equal(ServerError, crashed.Errors[0].Code);
            Assert.DoesNotContain("crashed on purpose", crashed.Errors[0].Message ?? "", StringComparison.Ordinal);

            await healthy.KeyTapAsync(0x42);
            await healthy.WaitForPixelAsync(32, 96, new Rgb(0x42, 0x00, 0x80));
            var still = await healthy.SnapshotAsync();
            Assert.Equal(PageSnapshot.Connected, still.State);
            Assert.Empty(still.Errors);
            Assert.Empty(still.TunnelErrors);
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Resize_redraws_at_the_new_size(string tunnel) =>
        RunAsync($"{nameof(Resize_redraws_at_the_new_size)}_{tunnel}", async scope =>
        {
            var background = Rgb.FromHex(0x204060);
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync(tunnel, fixture.MintToken(new Dictionary<string, string> { ["color"] = "204060" }), Width, Height);
            await page.WaitForConnectedAsync();
            await page.WaitForPixelAsync(Width - 1, Height - 1, background);

            await page.SendSizeAsync(400, 300);

            var resized = await page.WaitForAsync(s => s.Width == 400 && s.Height == 300, "a 400×300 display");
            Assert.Equal(PageSnapshot.Connected, resized.State);
            await page.WaitForPixelAsync(399, 299, background);
            await page.AssertPixelsAsync((32, 32, Red), (224, 32, White), (32, 96, Black), (300, 200, background));
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task A_joiner_sees_the_owners_picture_from_png_tiles(string tunnel) =>
        RunAsync($"{nameof(A_joiner_sees_the_owners_picture_from_png_tiles)}_{tunnel}", async scope =>
        {
            await WaitForSessionCountAsync(0, "sessions of earlier tests to end");
            var owner = await scope.OpenPageAsync();
            await owner.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);
            await owner.WaitForConnectedAsync();
            await owner.WaitForPixelAsync(224, 32, White);
            string connectionId = Assert.Single(fixture.Sessions.LiveSessions).Id;

            // A joiner's full state sends each 512×512 tile that is not one colour as a PNG image.
            var joiner = await scope.OpenPageAsync();
            var joinToken = fixture.Tokens.Mint(new ConnectToken
            {
                Id = ConnectToken.NewId(),
                ExpiresAt = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5),
                Join = connectionId,
                DisplayName = "e2e joiner",
            });
            await joiner.ConnectAsync(tunnel, joinToken, Width, Height);
            await joiner.WaitForConnectedAsync();
            await joiner.WaitForPixelAsync(224, 32, White);
            var joined = await joiner.SnapshotAsync();
            Assert.Contains(joined.Received, r => r.StartsWith("img,", StringComparison.Ordinal) && r.Contains(",image/png,", StringComparison.Ordinal));
            await joiner.AssertPixelsAsync(
                (0, 0, Red),
                (63, 63, Red),
                (64, 0, Green),
                (160, 32, Blue),
                (255, 63, White),
                (256, 0, Background),
                (32, 96, Black),
                (64, 64, Background),
                (511, 511 - 32, Background),
                (512, 32, Background),
                (Width - 1, Height - 1, Background));

            // Frames after the join reach both users alike.
            await owner.KeyTapAsync(0x41);
            await owner.WaitForPixelAsync(32, 96, new Rgb(0x41, 0x00, 0x80));
            await joiner.WaitForPixelAsync(32, 96, new Rgb(0x41, 0x00, 0x80));
        });

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();

    private Task RunAsync(string testName, Func<BrowserScope, Task> body) =>
        BrowserScope.RunAsync(fixture, output, testName, body);

    private async Task WaitForSessionCountAsync(int expected, string what)
    {
        var clock = Stopwatch.StartNew();
        while (fixture.Sessions.SessionCount != expected)
        {
            if (clock.Elapsed > GuacamolePage.Deadline)
            {
                Assert.Fail($"waited for {what}: {fixture.Sessions.SessionCount} sessions are live, expected {expected}");
            }

            await Task.Delay(40);
        }
    }
}
