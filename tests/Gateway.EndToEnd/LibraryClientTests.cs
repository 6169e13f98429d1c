using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// Our own client library (web/src, bundled into js/dist/gateway-client.iife.js and driven by js/library.html) in
/// headless Chromium against the gateway's WebSocket and HTTP tunnels and the test-pattern back end.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LibraryClientTests(GatewayBrowserFixture fixture, ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 480;

    private static readonly Rgb Background = Rgb.FromHex(0x336699);
    private static readonly Rgb Red = Rgb.FromHex(0xFF0000);
    private static readonly Rgb Green = Rgb.FromHex(0x00FF00);
    private static readonly Rgb Blue = Rgb.FromHex(0x0000FF);
    private static readonly Rgb White = Rgb.FromHex(0xFFFFFF);
    private static readonly Rgb Black = Rgb.FromHex(0x000000);

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Library_shows_the_test_pattern_and_a_key_press_paints_the_key_square(string tunnel) =>
        BrowserScope.RunAsync(fixture, output, $"{nameof(Library_shows_the_test_pattern_and_a_key_press_paints_the_key_square)}_{tunnel}", async scope =>
        {
            string bundle = Path.Combine(WebAssets.LocateWebRoot(), WebAssets.LibraryBundleFile);
            Assert.True(File.Exists(bundle), $"our client bundle is missing at {bundle}: run `npm ci && npm run build` in tests/Gateway.EndToEnd/js, then build the tests again");

            var page = await scope.OpenPageAsync(WebAssets.LibraryPageFile);
            await page.ConnectAsync(tunnel, fixture.MintToken(), Width, Height);

            var connected = await page.WaitForConnectedAsync();
            Assert.Equal([PageSnapshot.Connecting, PageSnapshot.Waiting, PageSnapshot.Connected], connected.States);
            Assert.Empty(connected.Errors);
            Assert.Empty(connected.TunnelErrors);
            Assert.Matches(UuidPattern(), connected.Uuid ?? "");

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
            Assert.Contains(shown.Sent, s => s.StartsWith("sync,", StringComparison.Ordinal));

            await page.KeyTapAsync(0x41);

            await page.WaitForPixelAsync(32, 96, new Rgb(0x41, 0x00, 0x80));
            var after = await page.SnapshotAsync();
            Assert.Contains("key,65,1", after.Sent);
            Assert.Contains("key,65,0", after.Sent);
            Assert.Equal(PageSnapshot.Connected, after.State);
            Assert.Empty(after.Errors);
        });

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public Task Library_reports_a_refused_token_as_769(string tunnel) =>
        BrowserScope.RunAsync(fixture, output, $"{nameof(Library_reports_a_refused_token_as_769)}_{tunnel}", async scope =>
        {
            var page = await scope.OpenPageAsync(WebAssets.LibraryPageFile);
            await page.ConnectAsync(tunnel, fixture.MintToken(lifetime: TimeSpan.FromMinutes(-10)), Width, Height);

            var refused = await page.WaitForAsync(s => s.State == PageSnapshot.Disconnected, "state DISCONNECTED");
            Assert.Equal([0x301], refused.TunnelErrors.Select(e => e.Code));
            Assert.Equal([0x301], refused.Errors.Select(e => e.Code));
            Assert.DoesNotContain(PageSnapshot.Connected, refused.States);
            Assert.Null(refused.Uuid);
        });

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
}
