using System.Net;
using System.Net.Sockets;
using Gateway.Core.Backends;
using Gateway.Server;
using Gateway.Server.Tokens;
using Gateway.TestBackends;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Gateway.EndToEnd;

/// <summary>
/// A gateway of its own (the shared one must stay up for the other tests) that is stopped and started again on the
/// same port and data directory while the <c>&lt;gateway-session&gt;</c> element is connected to it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellRestartTests(GatewayBrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly Rgb White = Rgb.FromHex(0xFFFFFF);

    [Fact]
    public async Task A_restarted_gateway_shows_the_reconnect_countdown_and_the_session_comes_back()
    {
        var data = Directory.CreateTempSubdirectory("gateway-restart-");
        var log = new CapturingLoggerProvider();
        int port = FreePort();
        WebApplication? app = await StartAsync(port, data.FullName, log);
        ConnectTokenService tokens = app.Services.GetRequiredService<ConnectTokenService>();
        string Mint() => Volatile.Read(ref tokens).Mint(new ConnectToken
        {
            Id = ConnectToken.NewId(),
            ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
            Protocol = TestPatternBackend.ProtocolName,
            Parameters = new Dictionary<string, string>(),
            DisplayName = "restart",
        });

        var page = await ShellPage.OpenAsync(fixture.Browser, 640, 480, Mint);
        try
        {
            await page.GotoAsync(new Uri($"http://127.0.0.1:{port}/e2e/shell-element.html?token={Uri.EscapeDataString(Mint())}"));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);

            await app.StopAsync();
            await app.DisposeAsync();
            app = null;

            // The gateway said it is stopping (SERVER_BUSY): the overlay says so and counts down to a reconnect.
            string overlay = await ShellPage.WaitForAsync(async () => await page.OverlayTextAsync() ?? string.Empty,
                t => t.Contains("Reconnecting in", StringComparison.Ordinal), "the reconnect countdown");
            Assert.Contains("Gateway unavailable", overlay, StringComparison.Ordinal);

            app = await StartAsync(port, data.FullName, log);
            Volatile.Write(ref tokens, app.Services.GetRequiredService<ConnectTokenService>());

            await ShellPage.WaitForAsync(page.HostEventsAsync,
                e => e.Count(x => x.TryGetProperty("type", out var t) && t.GetString() == "gateway-connected") >= 2,
                "the session to come back", TimeSpan.FromSeconds(40));
            await page.WaitForStateAsync("connected");
            await page.WaitForPixelAsync(224, 32, White);
            Assert.Null(await page.OverlayTitleAsync());
        }
        catch (Exception)
        {
            Directory.CreateDirectory(fixture.ArtifactsDirectory);
            string file = Path.Combine(fixture.ArtifactsDirectory, $"Shell_{nameof(A_restarted_gateway_shows_the_reconnect_countdown_and_the_session_comes_back)}.png");
            await page.SaveScreenshotAsync(file);
            output.WriteLine($"screenshot: {file}");
            output.WriteLine(await page.DescribeAsync());
            foreach (string line in log.LinesSince(0))
            {
                output.WriteLine(line);
            }

            throw;
        }
        finally
        {
            await page.DisposeAsync();
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary directory is harmless
            }
        }
    }

    private static async Task<WebApplication> StartAsync(int port, string dataDirectory, CapturingLoggerProvider log)
    {
        string webRoot = WebAssets.LocateWebRoot();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--Gateway:DataDirectory", dataDirectory,
            "--Gateway:Guacd:Endpoint=",
        ];
        var app = GatewayHost.Build(
            args,
            configureBuilder: builder =>
            {
                builder.Services.AddSingleton<IBackend, TestPatternBackend>();
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
                builder.Logging.AddProvider(log);
            },
            configureApp: a => a.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(webRoot),
                RequestPath = "/e2e",
            }));
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
