using System.Net;
using Gateway.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Web;

/// <summary>The gateway serves a built web client: index for the UI routes, assets, and protective headers.</summary>
public sealed class WebEndpointsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gateway-web-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _built;
    private WebApplication? _unbuilt;
    private HttpClient _client = null!;
    private HttpClient _unbuiltClient = null!;

    public async Task InitializeAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "dist")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>shell</title>");
        await File.WriteAllTextAsync(Path.Combine(root, "main.js"), "export {};");
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        (_built, _client) = await StartAsync(root, "https://portal.example.com");
        (_unbuilt, _unbuiltClient) = await StartAsync(empty, null);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _unbuiltClient.Dispose();
        foreach (var app in new[] { _built, _unbuilt })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/session?token=abc")]
    public async Task UiRoutesServeTheShellWithoutCaching(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>shell</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        string csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors https://portal.example.com", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssetsAreServedAndRevalidated()
    {
        using var response = await _client.GetAsync(new Uri("/main.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("export {};", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task UnknownPathsAreNotFound()
    {
        using var response = await _client.GetAsync(new Uri("/nothing-here.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutABuiltClientTheRootExplainsHowToBuildIt()
    {
        using var response = await _unbuiltClient.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("npm run build", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void FrameAncestorsCannotInjectDirectives()
    {
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => WebEndpoints.BuildContentSecurityPolicy("'self'; script-src *"));
        Assert.EndsWith("frame-ancestors 'self'", WebEndpoints.BuildContentSecurityPolicy(""), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFindsWebDistAboveTheContentRoot()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir, "repo", "src", "Gateway.Server")).FullName;
        var dist = Directory.CreateDirectory(Path.Combine(_dir, "repo", "web", "dist")).FullName;
        File.WriteAllText(Path.Combine(dist, "index.html"), "x");
        Assert.Equal(dist, WebRoot.Resolve("", nested, Path.Combine(_dir, "bin-nowhere")));
        Assert.Null(WebRoot.Resolve(Path.Combine(_dir, "missing"), nested, nested));
    }

    private async Task<(WebApplication App, HttpClient Client)> StartAsync(string root, string? frameAncestors)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--Gateway:DataDirectory", Path.Combine(_dir, "data-" + Guid.NewGuid().ToString("N")),
            "--Gateway:Guacd:Endpoint", "",
            "--Gateway:Web:Root", root,
            "--Logging:LogLevel:Default", "Warning",
        };
        if (frameAncestors is not null)
        {
            args.AddRange(["--Gateway:Web:FrameAncestors", frameAncestors]);
        }

        var app = GatewayHost.Build([.. args]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }
}
