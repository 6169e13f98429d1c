using System.Buffers;
using System.Net.Sockets;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;

namespace Gateway.IntegrationTests.Handshake;

/// <summary>
/// The smallest socket driver for <see cref="RfbHandshake"/>: connect, feed bytes, send what it writes, upgrade to
/// TLS when asked, answer NeedCredentials from a fixed pair, stop at Complete or Failed.
/// </summary>
public sealed class HandshakeDriver : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private Stream? _stream;

    /// <summary>Every step the handshake returned, in order (NeedMoreData left out).</summary>
    public List<HandshakeStep> Steps { get; } = [];

    /// <summary>The handshake, once run.</summary>
    public RfbHandshake? Handshake { get; private set; }

    /// <summary>The stream after the handshake (TLS when it was upgraded).</summary>
    public Stream Stream => _stream ?? throw new InvalidOperationException("not connected");

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and runs the handshake to its end.</summary>
    public async Task<HandshakeStep> RunAsync(
        int port,
        RfbHandshakeOptions options,
        VncTlsOptions? tls = null,
        (string? Username, string? Password)? prompt = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await _client.ConnectAsync("127.0.0.1", port, timeout.Token);
        _stream = _client.GetStream();
        Handshake = new RfbHandshake(options);
        var pending = new List<byte>();
        var output = new ArrayBufferWriter<byte>();
        var buffer = new byte[8192];
        while (true)
        {
            var input = new ReadOnlySequence<byte>(pending.ToArray());
            HandshakeStep step = Handshake.Advance(ref input, output);
            pending = [.. input.ToArray()];
            if (output.WrittenCount > 0)
            {
                await _stream.WriteAsync(output.WrittenMemory, timeout.Token);
                await _stream.FlushAsync(timeout.Token);
                output.Clear();
            }

            if (step.Kind != HandshakeStepKind.NeedMoreData)
            {
                Steps.Add(step);
            }

            switch (step.Kind)
            {
                case HandshakeStepKind.NeedMoreData:
                    int read = await _stream.ReadAsync(buffer, timeout.Token);
                    if (read == 0)
                    {
                        throw new EndOfStreamException("the server closed the connection during the handshake");
                    }

                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                    break;
                case HandshakeStepKind.StartTls:
                    Assert.Empty(pending);
                    _stream = await VncTls.UpgradeAsync(_stream, step.Tls, "127.0.0.1", tls ?? new VncTlsOptions { IgnoreCertificate = true }, timeout.Token);
                    Handshake.TlsEstablished();
                    break;
                case HandshakeStepKind.NeedCredentials:
                    if (prompt is null)
                    {
                        return step;
                    }

                    Handshake.ProvideCredentials(prompt.Value.Username, prompt.Value.Password);
                    prompt = null;
                    break;
                default:
                    return step;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _client.Dispose();
    }
}
