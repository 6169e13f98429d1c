using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Server.Web;

/// <summary>
/// Serves the web client: its assets as static files and <c>index.html</c> for the UI routes (<c>/</c>,
/// <c>/session</c>). Every response carries headers that keep connect tokens (which travel in the
/// <c>/session?token=</c> link) out of referrers and caches, and limit who may frame the UI.
/// </summary>
public static partial class WebEndpoints
{
    /// <summary>The routes the single-page shell answers.</summary>
    public static readonly string[] UiRoutes = ["/", "/session"];

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Gateway</title></head>
        <body><main><h1>Gateway is running</h1>
        <p>The web client has not been built, so there is no user interface to serve. Build it with
        <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code> (the README's run command does this for you) and restart.</p>
        <p>The tunnels (<code>/websocket-tunnel</code>, <code>/tunnel</code>) work without it.</p></main></body></html>
        """;

    /// <summary>Adds the static files and UI routes to <paramref name="app"/>.</summary>
    public static void MapWebClient(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        string? root = WebRoot.Resolve(options.Root, app.Environment.ContentRootPath, AppContext.BaseDirectory);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebEndpoints));
        string csp = BuildContentSecurityPolicy(options.FrameAncestors);

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers[HeaderNames.ContentSecurityPolicy] = csp;
            await next(context).ConfigureAwait(false);
        });

        if (root is null)
        {
            LogNotBuilt(logger);
            foreach (string route in UiRoutes)
            {
                app.MapGet(route, (HttpContext context) =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    return Results.Content(NotBuiltPage, "text/html; charset=utf-8");
                });
            }

            return;
        }

        LogServing(logger, root);
        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });

        string index = Path.Combine(root, WebRoot.IndexFile);
        foreach (string route in UiRoutes)
        {
            app.MapGet(route, (HttpContext context) =>
            {
                // The page may carry a one-time token in its query string: never store it.
                context.Response.Headers.CacheControl = "no-store";
                return Results.File(index, "text/html; charset=utf-8");
            });
        }
    }

    /// <summary>The Content-Security-Policy for UI responses; <paramref name="frameAncestors"/> as configured.</summary>
    public static string BuildContentSecurityPolicy(string frameAncestors)
    {
        string ancestors = string.IsNullOrWhiteSpace(frameAncestors) ? "'self'" : frameAncestors.Trim();
        if (ancestors.AsSpan().IndexOfAny(";\r\n,") >= 0)
        {
            throw new OptionsValidationException(WebOptions.SectionName, typeof(WebOptions), ["Gateway:Web:FrameAncestors must be a space-separated source list"]);
        }

        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
               "media-src 'self' blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; " +
               "base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "serving the web client from {Root}")]
    private static partial void LogServing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the web client is not built (no web/dist/index.html); serving a notice instead")]
    private static partial void LogNotBuilt(ILogger logger);
}
