using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Sessions;
using Gateway.Protocol.Handshake;
using Gateway.Server.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Server.Guacd;

/// <summary>
/// A drop-in for guacd's TCP service: the stock Guacamole web app (or anything speaking guacd's
/// protocol) connects, runs the handshake and gets a session. Like guacd it authenticates nobody, so it
/// listens on loopback by default; TLS is optional (guacd's <c>-C</c>/<c>-K</c>).
/// </summary>
public sealed class GuacdListener : BackgroundService
{
    private readonly GuacdOptions _options;
    private readonly SessionManager _sessions;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IPEndPoint?> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GuacdListener(IOptions<GuacdOptions> options, SessionManager sessions, ILogger<GuacdListener> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _sessions = sessions;
        _logger = logger;
    }

    /// <summary>The bound endpoint once listening (null when disabled); useful with port 0.</summary>
    public Task<IPEndPoint?> BoundEndpoint => _bound.Task;

    /// <summary>Parses <c>host:port</c>, <c>[v6]:port</c> or <c>localhost:port</c>.</summary>
    public static IPEndPoint ParseEndpoint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1:" + text["localhost:".Length..];
        }

        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port is < 0 or > 65535)
        {
            throw new OptionsValidationException(GuacdOptions.SectionName, typeof(GuacdOptions), [$"Gateway:Guacd:Endpoint must be host:port, got '{value}'"]);
        }

        return endpoint;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Endpoint))
        {
            _bound.TrySetResult(null);
            return;
        }

        X509Certificate2? certificate = null;
        if (!string.IsNullOrEmpty(_options.Certificate) && !string.IsNullOrEmpty(_options.Key))
        {
            certificate = X509Certificate2.CreateFromPemFile(_options.Certificate, _options.Key);
        }

        var endpoint = ParseEndpoint(_options.Endpoint);
        using var listener = new TcpListener(endpoint);
        try
        {
            listener.Start(backlog: 128);
        }
        catch (SocketException ex)
        {
            ServerLog.GuacdListenerFailed(_logger, ex);
            _bound.TrySetException(ex);
            throw;
        }

        var bound = (IPEndPoint)listener.LocalEndpoint;
        if (!IPAddress.IsLoopback(bound.Address))
        {
            ServerLog.GuacdNotLoopback(_logger, bound.ToString());
        }

        ServerLog.GuacdListening(_logger, bound.ToString(), certificate is not null);
        _bound.TrySetResult(bound);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                _ = Task.Run(() => ServeAsync(client, certificate, stoppingToken), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            certificate?.Dispose();
        }
    }

    private async Task ServeAsync(TcpClient client, X509Certificate2? certificate, CancellationToken stoppingToken)
    {
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
        client.NoDelay = true;
        Stream stream = client.GetStream();
        try
        {
            if (certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                using var tlsTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                tlsTimeout.CancelAfter(_sessions.Options.HandshakeTimeout);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, tlsTimeout.Token).ConfigureAwait(false);
                stream = ssl;
            }

            var transport = new StreamTransport(stream);
            var (request, error) = await GuacdConnection.HandshakeAsync(transport, _sessions, stoppingToken).ConfigureAwait(false);
            SessionOpenResult open = request is null ? new SessionOpenResult(null, error) : _sessions.Open(request, transport);
            if (open.Error is { } refusal)
            {
                ServerLog.GuacdHandshakeFailed(_logger, remote, refusal.Status, refusal.Message);
                await GuacdConnection.SendErrorAsync(transport, refusal, stoppingToken).ConfigureAwait(false);
                await transport.CloseAsync(refusal.Status, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var user = open.User!;
            var ready = new ArrayBufferWriter<byte>();
            ServerHandshake.WriteReady(ready, user.Session.Id);
            user.Send(ready.WrittenSpan);
            await user.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            ServerLog.GuacdConnectionLost(_logger, ex, remote);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
        }
    }
}
