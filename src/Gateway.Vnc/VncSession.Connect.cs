using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Vnc.Client;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;

namespace Gateway.Vnc;

// The VNC driver's connection: TCP with a timeout and status mapping, the handshake with TLS/RA2 upgrades and credential prompts.
public sealed partial class VncSession
{
    private async Task<ServerInit> ConnectAsync(CancellationToken cancellationToken)
    {
        string host = _settings.Hostname ?? string.Empty;
        if (host.Length == 0)
        {
            throw new BackendException(GuacamoleStatus.ClientBadRequest, "the vnc hostname is missing");
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(1, _settings.Timeout));
        var socket = await OpenSocketAsync(host, _settings.Port, timeout, cancellationToken).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        _stream = stream;

        var handshake = new RfbHandshake(new RfbHandshakeOptions
        {
            Username = string.IsNullOrEmpty(_settings.Username) ? null : _settings.Username,
            Password = string.IsNullOrEmpty(_settings.Password) ? null : _settings.Password,
            Shared = true,
        });
        var output = new ArrayBufferWriter<byte>(64);
        byte[] pending = [];
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            var input = new ReadOnlySequence<byte>(pending);
            output.ResetWrittenCount();
            var step = handshake.Advance(ref input, output);
            pending = input.ToArray();
            if (output.WrittenCount > 0)
            {
                await stream.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            switch (step.Kind)
            {
                case HandshakeStepKind.NeedMoreData:
                    int read = await ReadWithTimeoutAsync(stream, chunk, timeout, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new BackendException(GuacamoleStatus.UpstreamUnavailable, "the vnc server closed the connection during the handshake");
                    }

                    pending = [.. pending, .. chunk.AsSpan(0, read)];
                    break;
                case HandshakeStepKind.StartTls:
                    try
                    {
                        stream = await VncTls.UpgradeAsync(stream, step.Tls, host, TlsOptions(), cancellationToken).ConfigureAwait(false);
                    }
                    catch (AuthenticationException e)
                    {
                        throw new BackendException(GuacamoleStatus.UpstreamError, "tls with the vnc server failed: " + e.Message, e);
                    }

                    _stream = stream;
                    handshake.TlsEstablished();
                    break;
                case HandshakeStepKind.NeedCredentials:
                    var names = new List<string>();
                    if (step.Credentials.HasFlag(CredentialKinds.Username))
                    {
                        names.Add("username");
                    }

                    if (step.Credentials.HasFlag(CredentialKinds.Password))
                    {
                        names.Add("password");
                    }

                    var values = await Session.PromptAsync(names, cancellationToken).ConfigureAwait(false);
                    handshake.ProvideCredentials(values.GetValueOrDefault("username"), values.GetValueOrDefault("password"));
                    break;
                case HandshakeStepKind.Complete:
                    var init = step.ServerInit!;
                    // Bytes read past ServerInit belong to the session: ciphertext still to decrypt under RA2,
                    // plaintext otherwise.
                    Stream rest = pending.Length > 0 ? new PrefixedStream(stream, pending) : stream;
                    _stream = step.Channel is { } channel ? new Ra2Stream(rest, channel, step.RemainingPlaintext) : rest;
                    VncLog.Connected(Context.Logger, Session.Id, host, _settings.Port, init.Width, init.Height, handshake.SecurityType.ToString());
                    return init;
                default:
                    throw new BackendException(step.Status, step.Message);
            }
        }
    }

    private VncTlsOptions TlsOptions() => new()
    {
        IgnoreCertificate = _settings.IgnoreCert,
        PinnedSha256Fingerprint = string.IsNullOrWhiteSpace(_settings.CertFingerprint) ? null : _settings.CertFingerprint,
        CaCertificatePath = string.IsNullOrWhiteSpace(_settings.CaCertificate) ? null : _settings.CaCertificate,
    };

    private async Task<int> ReadWithTimeoutAsync(Stream stream, byte[] buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = new CancellationTokenSource(timeout, Context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, cancellationToken);
        try
        {
            return await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BackendException(GuacamoleStatus.UpstreamTimeout, "the vnc server did not answer the handshake in time");
        }
        catch (IOException e)
        {
            throw new BackendException(GuacamoleStatus.UpstreamUnavailable, "the vnc server closed the connection during the handshake", e);
        }
    }

    private async Task<Socket> OpenSocketAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string where = host + ":" + port.ToString(CultureInfo.InvariantCulture);
        using var cts = new CancellationTokenSource(timeout, Context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, cancellationToken);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BackendException(GuacamoleStatus.UpstreamTimeout, "looking up " + host + " timed out");
        }
        catch (SocketException e)
        {
            throw new BackendException(GuacamoleStatus.UpstreamNotFound, "the vnc host " + host + " was not found", e);
        }

        if (addresses.Length == 0)
        {
            throw new BackendException(GuacamoleStatus.UpstreamNotFound, "the vnc host " + host + " was not found");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, linked.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new BackendException(GuacamoleStatus.UpstreamTimeout, "connecting to " + where + " timed out");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new BackendException(GuacamoleStatus.UpstreamUnavailable, "connection refused by " + where, e),
                SocketError.TimedOut => new BackendException(GuacamoleStatus.UpstreamTimeout, "connecting to " + where + " timed out", e),
                SocketError.HostNotFound or SocketError.NoData => new BackendException(GuacamoleStatus.UpstreamNotFound, "the vnc host " + host + " was not found", e),
                _ => new BackendException(GuacamoleStatus.UpstreamUnavailable, "cannot connect to " + where, e),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
