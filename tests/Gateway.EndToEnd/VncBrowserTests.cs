using System.Globalization;
using Gateway.IntegrationTests.Servers;
using Gateway.IntegrationTests.Vnc;
using Gateway.Server.Tokens;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// The stock guacamole-common-js in Chromium against a real Xvnc through the gateway's registered <c>vnc</c> back end:
/// the exact background colour and the test pattern's pixels appear on the canvas.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VncBrowserTests(GatewayBrowserFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-e2e-vnc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public Task Xvnc_desktop_shows_the_background_and_pattern() =>
        BrowserScope.RunAsync(fixture, output, nameof(Xvnc_desktop_shows_the_background_and_pattern), async scope =>
        {
            await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "None"]);
            using var x = new XClients(server.Display);
            string xwd = Path.Combine(_directory, "pattern.xwd");
            TestPattern.WriteXwd(xwd);
            await x.RunAsync("xsetroot", null, "-solid", "#336699");
            x.Start("xwud", "-in", xwd, "-geometry", "+100+60");

            string token = fixture.Tokens.Mint(new ConnectToken
            {
                Id = ConnectToken.NewId(),
                ExpiresAt = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5),
                Protocol = "vnc",
                Parameters = new Dictionary<string, string>
                {
                    ["hostname"] = "127.0.0.1",
                    ["port"] = server.Port.ToString(CultureInfo.InvariantCulture),
                    ["force-lossless"] = "true",
                    ["disable-display-resize"] = "true",
                },
                DisplayName = "e2e-vnc",
            });
            var page = await scope.OpenPageAsync();
            await page.ConnectAsync("ws", token, 640, 480);
            await page.WaitForConnectedAsync();

            var background = Rgb.FromHex(TestPattern.Background);
            await page.WaitForPixelAsync(5, 5, background);
            await page.WaitForPixelAsync(639, 479, background);

            // Bar centres and the grey block, a few pixels inside each so a window border cannot matter.
            var points = new List<(int X, int Y, Rgb Expected)>();
            for (int bar = 0; bar < 8; bar++)
            {
                points.Add((100 + (8 * bar) + 4, 60 + 6, Rgb.FromHex(TestPattern.Rgb((8 * bar) + 3, 5))));
            }

            points.Add((100 + 12, 60 + 26, Rgb.FromHex(0x808080)));
            await page.WaitForPixelAsync(points[0].X, points[0].Y, points[0].Expected);
            await page.AssertPixelsAsync([.. points]);
        });
}
