using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tunnels;

/// <summary>
/// <c>/tunnel</c>: what <c>Guacamole.HTTPTunnel</c> speaks. <c>POST ?connect</c> opens the session and
/// answers the tunnel UUID with a <c>Guacamole-Tunnel-Token</c> header; <c>GET ?read:&lt;uuid&gt;:&lt;n&gt;</c>
/// streams output; <c>POST ?write:&lt;uuid&gt;</c> carries input. Errors carry <c>Guacamole-Status-Code</c>
/// and <c>Guacamole-Error-Message</c>.
/// </summary>
public static class HttpTunnelEndpoint
{
    public const string TokenHeader = "Guacamole-Tunnel-Token";
    public const string StatusHeader = "Guacamole-Status-Code";
    public const string MessageHeader = "Guacamole-Error-Message";

    /// <summary>
    /// How long a tunnel may go without any request from the client before it is abandoned. The stock
    /// client sends a <c>nop</c> write every 500 ms while connected, and can lose its final
    /// <c>disconnect</c> when another write is in flight, so silence this long means it has gone.
    /// </summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(6);

    public static async Task HandleAsync(HttpContext context, ConnectionResolver resolver, SessionManager sessions, HttpTunnelRegistry registry, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registry);
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;
        var method = context.Request.Method;
        if (query == "connect" && HttpMethods.IsPost(method))
        {
            await ConnectAsync(context, resolver, sessions, registry, lifetime, loggers.CreateLogger("Gateway.Tunnels.Http")).ConfigureAwait(false);
        }
        else if (query.StartsWith("read:", StringComparison.Ordinal) && HttpMethods.IsGet(method))
        {
            await ReadAsync(context, registry, query["read:".Length..]).ConfigureAwait(false);
        }
        else if (query.StartsWith("write:", StringComparison.Ordinal) && HttpMethods.IsPost(method))
        {
            await WriteAsync(context, registry, query["write:".Length..]).ConfigureAwait(false);
        }
        else
        {
            SetError(context, GuacamoleStatus.ClientBadRequest, "unknown tunnel request");
        }
    }

    private static async Task ConnectAsync(HttpContext context, ConnectionResolver resolver, SessionManager sessions, HttpTunnelRegistry registry, IHostApplicationLifetime lifetime, ILogger logger)
    {
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException)
        {
            SetError(context, GuacamoleStatus.ClientBadRequest, "connect data is not a valid form");
            return;
        }

        var data = ConnectData.From(key => form[key]);
        var (request, refusal) = resolver.Resolve(data);
        var uuid = Guid.NewGuid().ToString("D");
        var tunnel = new HttpTunnelTransport(uuid, NewSessionToken());
        var open = request is null ? new SessionOpenResult(null, refusal) : sessions.Open(request, tunnel);
        if (open.Error is { } error)
        {
            ServerLog.TunnelRefused(logger, "http", error.Status, error.Message);
            SetError(context, error.Status, error.Message);
            return;
        }

        registry.Add(tunnel);
        var user = open.User!;
        _ = Task.Run(async () =>
        {
            using var watchdog = new CancellationTokenSource();
            var watch = WatchAsync(tunnel, watchdog.Token);
            await user.RunAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
            watchdog.Cancel();
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // Let the final read collect the last output, then forget the tunnel.
            for (int i = 0; i < 50 && !tunnel.IsEndOfStream; i++)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            registry.Remove(tunnel);
        });

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[TokenHeader] = tunnel.SessionToken;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(uuid, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ReadAsync(HttpContext context, HttpTunnelRegistry registry, string rest)
    {
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        var uuid = colon < 0 ? rest : rest[..colon];
        var tunnel = Find(context, registry, uuid);
        if (tunnel is null)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await tunnel.ReadIntoAsync(context.Response.Body, ct => context.Response.Body.FlushAsync(ct), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The browser abandoned this read (it aborts a response once it sees the end marker).
        }
        catch (IOException)
        {
        }
    }

    private static async Task WriteAsync(HttpContext context, HttpTunnelRegistry registry, string uuid)
    {
        var tunnel = Find(context, registry, uuid);
        if (tunnel is null)
        {
            return;
        }

        try
        {
            await tunnel.WriteFromAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// The open tunnel <paramref name="uuid"/> if the request carries its token; otherwise the error response is
    /// set (RESOURCE_NOT_FOUND, which the stock client reads as end of stream, or CLIENT_FORBIDDEN) and null returned.
    /// </summary>
    private static HttpTunnelTransport? Find(HttpContext context, HttpTunnelRegistry registry, string uuid)
    {
        if (!registry.TryGet(uuid, out var tunnel) || tunnel.IsEndOfStream)
        {
            SetError(context, GuacamoleStatus.ResourceNotFound, "no such tunnel");
            return null;
        }

        if (!tunnel.Authorize(context.Request.Headers[TokenHeader]))
        {
            SetError(context, GuacamoleStatus.ClientForbidden, "wrong tunnel token");
            return null;
        }

        return tunnel;
    }

    private static async Task WatchAsync(HttpTunnelTransport tunnel, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (Environment.TickCount64 - tunnel.LastActivity > AbandonAfter.TotalMilliseconds)
            {
                tunnel.Abandon();
                return;
            }
        }
    }

    /// <summary>An error response the stock client understands: HTTP status plus the Guacamole headers.</summary>
    public static void SetError(HttpContext context, GuacamoleStatus status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        context.Response.StatusCode = status.ToHttpStatus();
        context.Response.Headers[StatusHeader] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[MessageHeader] = AsciiHeader(message);
        context.Response.Headers.CacheControl = "no-cache";
    }

    private static string AsciiHeader(string value)
    {
        var sb = new StringBuilder(Math.Min(value.Length, 256));
        foreach (char c in value.AsSpan(0, Math.Min(value.Length, 256)))
        {
            sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return sb.ToString();
    }

    private static string NewSessionToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
