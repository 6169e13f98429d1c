using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.Server;
using Gateway.Server.Tokens;
using Gateway.TestBackends;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Gateway.EndToEnd;

/// <summary>
/// Starts the gateway once on a free loopback port with the test-pattern back end and the test page under
/// <c>/e2e</c>, and launches the system Chromium once. Each test opens its own browser context.
/// </summary>
public sealed class GatewayBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private DirectoryInfo? _dataDirectory;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public CapturingLoggerProvider ServerLog { get; } = new();

    /// <summary>http://127.0.0.1:port of the running gateway.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the fixture is not started");

    public SessionManager Sessions { get; private set; } = null!;

    public ConnectTokenService Tokens { get; private set; } = null!;

    public string ArtifactsDirectory { get; } = WebAssets.ArtifactsDirectory();

    public Uri PageAddress => PageAddressOf(WebAssets.PageFile);

    /// <summary>Address of a page served from the e2e web root (page.html, library.html).</summary>
    public Uri PageAddressOf(string pageFile) => new(BaseAddress, "/e2e/" + pageFile);

    public async Task InitializeAsync()
    {
        // Fail before starting anything when a prerequisite is missing.
        string webRoot = WebAssets.LocateWebRoot();
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"chromium is missing at {ChromiumPath}: install it with `apt-get install -y chromium`");
        }

        _dataDirectory = Directory.CreateTempSubdirectory("gateway-e2e-");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Gateway:DataDirectory", _dataDirectory.FullName,
            "--Gateway:Guacd:Endpoint=",
        ];
        _app = GatewayHost.Build(
            args,
            configureBuilder: builder =>
            {
                builder.Services.AddSingleton<IBackend, TestPatternBackend>();
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
                builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information);
                builder.Logging.AddProvider(ServerLog);
            },
            configureApp: app => app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(webRoot),
                RequestPath = "/e2e",
            }));
        await _app.StartAsync();

        string address = _app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the gateway reported no http address");
        BaseAddress = new Uri(address);
        Sessions = _app.Services.GetRequiredService<SessionManager>();
        Tokens = _app.Services.GetRequiredService<ConnectTokenService>();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh one-time token for a test-pattern connection.</summary>
    public string MintToken(IReadOnlyDictionary<string, string>? parameters = null, TimeSpan? lifetime = null) =>
        Tokens.Mint(new ConnectToken
        {
            Id = ConnectToken.NewId(),
            ExpiresAt = DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)),
            Protocol = TestPatternBackend.ProtocolName,
            Parameters = parameters ?? new Dictionary<string, string>(),
            DisplayName = "e2e",
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            _dataDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary directory is harmless
        }
    }
}
