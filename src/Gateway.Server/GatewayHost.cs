using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Server.Catalog;
using Gateway.Server.Configuration;
using Gateway.Server.Guacd;
using Gateway.Server.Tokens;
using Gateway.Server.Tunnels;
using Gateway.Vnc;
using Gateway.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionOptions = Gateway.Core.Sessions.SessionOptions;

namespace Gateway.Server;

/// <summary>
/// Builds the gateway: one ASP.NET Core process serving the tunnels, the guacd-compatible listener,
/// health endpoints and (later) the web client, sign-in and brokering.
/// </summary>
public static class GatewayHost
{
    /// <summary>The default address when nothing is configured.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>
    /// Creates the application (not started). Back ends are registered as <see cref="IBackend"/> services,
    /// e.g. in <paramref name="configureBuilder"/>; <paramref name="configureApp"/> runs before the endpoints are mapped.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        AddGateway(builder.Services, builder.Configuration);
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        configureApp?.Invoke(app);
        MapGateway(app);
        return app;
    }

    /// <summary>Registers the gateway's services.</summary>
    public static IServiceCollection AddGateway(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<GatewayOptions>(configuration.GetSection(GatewayOptions.SectionName));
        services.Configure<GuacdOptions>(configuration.GetSection(GuacdOptions.SectionName));
        services.Configure<LimitsOptions>(configuration.GetSection(LimitsOptions.SectionName));
        services.Configure<SessionSettings>(configuration.GetSection(SessionSettings.SectionName));
        services.Configure<TokenOptions>(configuration.GetSection(TokenOptions.SectionName));
        services.Configure<CatalogOptions>(configuration.GetSection(CatalogOptions.SectionName));
        services.Configure<WebOptions>(configuration.GetSection(WebOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddVnc();
        services.AddSingleton(sp => BuildSessionOptions(sp.GetRequiredService<IOptions<LimitsOptions>>().Value, sp.GetRequiredService<IOptions<SessionSettings>>().Value));
        services.AddSingleton(sp => new SessionManager(
            sp.GetServices<IBackend>(),
            sp.GetRequiredService<SessionOptions>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITokenReplayCache>(sp => new MemoryTokenReplayCache(
            sp.GetRequiredService<TimeProvider>(),
            Math.Max(1, sp.GetRequiredService<IOptions<TokenOptions>>().Value.MaxReplayEntries)));
        services.AddSingleton(sp => new ConnectTokenService(
            LoadTokenKey(sp.GetRequiredService<IOptions<TokenOptions>>().Value, sp.GetRequiredService<IOptions<GatewayOptions>>().Value),
            sp.GetRequiredService<ITokenReplayCache>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ConnectionCatalog.Load(sp.GetRequiredService<IOptions<CatalogOptions>>().Value));
        services.AddSingleton<ConnectionResolver>();
        services.AddSingleton<HttpTunnelRegistry>();
        services.AddSingleton<GuacdListener>();
        services.AddHostedService(sp => sp.GetRequiredService<GuacdListener>());
        return services;
    }

    /// <summary>Maps the web client, the tunnels and the health endpoints.</summary>
    public static void MapGateway(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve eagerly so a bad key or catalog fails at start-up, not on the first connection.
        _ = app.Services.GetRequiredService<ConnectTokenService>();
        _ = app.Services.GetRequiredService<ConnectionCatalog>();

        WebEndpoints.MapWebClient(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/websocket-tunnel", (Delegate)WebSocketTunnelEndpoint.HandleAsync);
        app.Map("/tunnel", (Delegate)HttpTunnelEndpoint.HandleAsync);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (GuacdListener guacd, SessionManager sessions) =>
        {
            var listening = guacd.BoundEndpoint;
            if (!listening.IsCompleted || listening.IsFaulted)
            {
                return Results.Text("guacd listener not ready", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            await listening.ConfigureAwait(false);
            return Results.Text($"ready: {sessions.SessionCount} sessions, protocols: {string.Join(",", sessions.Protocols.Order(StringComparer.Ordinal))}");
        });
    }

    /// <summary>The token key: configured, or generated once into the data directory.</summary>
    public static byte[] LoadTokenKey(TokenOptions tokens, GatewayOptions gateway)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(gateway);
        return TokenKey.Load(tokens.Key, Path.GetFullPath(gateway.DataDirectory));
    }

    private static SessionOptions BuildSessionOptions(LimitsOptions limits, SessionSettings settings) => new()
    {
        Limits = new ProtocolLimits
        {
            MaxElementLength = Positive(limits.MaxElementLength, "Gateway:Limits:MaxElementLength"),
            MaxElements = Positive(limits.MaxElements, "Gateway:Limits:MaxElements"),
            MaxInstructionBytes = Positive(limits.MaxInstructionBytes, "Gateway:Limits:MaxInstructionBytes"),
        },
        KeepAliveInterval = TimeSpan.FromSeconds(Positive(settings.KeepAliveSeconds, "Gateway:Session:KeepAliveSeconds")),
        IdleTimeout = TimeSpan.FromSeconds(Positive(settings.IdleTimeoutSeconds, "Gateway:Session:IdleTimeoutSeconds")),
        HandshakeTimeout = TimeSpan.FromSeconds(Positive(settings.HandshakeTimeoutSeconds, "Gateway:Session:HandshakeTimeoutSeconds")),
        MaxOutboundBytes = Positive(settings.MaxOutboundBytes, "Gateway:Session:MaxOutboundBytes"),
        MaxClipboardBytes = Positive(settings.MaxClipboardBytes, "Gateway:Session:MaxClipboardBytes"),
        MaxStreamsPerUser = Positive(settings.MaxStreamsPerUser, "Gateway:Session:MaxStreamsPerUser"),
    };

    private static T Positive<T>(T value, string name)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new OptionsValidationException(name, typeof(T), [$"{name} must be positive"]);
}
