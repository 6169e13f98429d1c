using System.IO.Pipelines;
using Gateway.Core.Sessions;
using Gateway.Protocol;

namespace Gateway.Server.Guacd;

/// <summary>A user's transport over a byte stream (a guacd-style TCP socket, optionally TLS).</summary>
internal sealed class StreamTransport : IUserTransport
{
    private readonly Stream _stream;
    private int _closed;

    public StreamTransport(Stream stream)
    {
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(instructions, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
