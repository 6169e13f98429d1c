using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Gateway.Vnc.Security;

/// <summary>
/// An async <see cref="Stream"/> over BouncyCastle's non-blocking <see cref="TlsClientProtocol"/>: reads feed the
/// protocol with ciphertext from the inner stream; writes hand it plaintext and send the records it produces. One
/// read and one write may run at the same time (the driver's reader and writer); protocol calls are serialised by a
/// lock and record output by a semaphore so records leave in the order they were made.
/// </summary>
internal sealed class BouncyTlsStream : Stream
{
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly TlsClientProtocol _protocol = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _readBuffer = new byte[ChunkSize];
    private bool _disposed;

    private BouncyTlsStream(Stream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Runs the handshake of <paramref name="client"/> over <paramref name="inner"/>.</summary>
    public static async Task<BouncyTlsStream> ConnectAsync(Stream inner, TlsClient client, CancellationToken cancellationToken)
    {
        var stream = new BouncyTlsStream(inner);
        try
        {
            lock (stream._gate)
            {
                stream._protocol.Connect(client);
            }

            await stream.SendPendingAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                lock (stream._gate)
                {
                    if (stream._protocol.IsConnected || stream._protocol.IsClosed)
                    {
                        break;
                    }
                }

                if (!await stream.PumpAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("tls: the server closed the connection during the handshake");
                }
            }

            lock (stream._gate)
            {
                if (!stream._protocol.IsConnected)
                {
                    throw new IOException("tls: the handshake did not complete");
                }
            }

            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            lock (_gate)
            {
                int available = _protocol.GetAvailableInputBytes();
                if (available > 0)
                {
                    int count = Math.Min(available, buffer.Length);
                    byte[] temp = ArrayPool<byte>.Shared.Rent(count);
                    try
                    {
                        int got = _protocol.ReadInput(temp, 0, count);
                        temp.AsSpan(0, got).CopyTo(buffer.Span);
                        return got;
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(temp, clearArray: true);
                    }
                }

                if (_protocol.IsClosed)
                {
                    return 0;
                }
            }

            if (!await PumpAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _protocol.WriteApplicationData(buffer.Span);
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            try
            {
                lock (_gate)
                {
                    if (!_protocol.IsClosed)
                    {
                        _protocol.Close();
                    }
                }

                await SendPendingAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the peer may be gone already; closing is best effort
            }
            catch (ObjectDisposedException)
            {
            }

            await _inner.DisposeAsync().ConfigureAwait(false);
            _sendLock.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads one chunk of ciphertext into the protocol and sends whatever it answers; false at end of stream.</summary>
    private async Task<bool> PumpAsync(CancellationToken cancellationToken)
    {
        int read = await _inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        bool pending;
        lock (_gate)
        {
            _protocol.OfferInput(_readBuffer, 0, read);
            pending = _protocol.GetAvailableOutputBytes() > 0;
        }

        if (pending)
        {
            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends queued records; the caller holds the send lock.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[] chunk;
            int length;
            lock (_gate)
            {
                length = Math.Min(_protocol.GetAvailableOutputBytes(), ChunkSize);
                if (length == 0)
                {
                    break;
                }

                chunk = ArrayPool<byte>.Shared.Rent(length);
                _protocol.ReadOutput(chunk, 0, length);
            }

            try
            {
                await _inner.WriteAsync(chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }

        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
