using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Gateway.Core.Sessions;
using Gateway.Protocol;

namespace Gateway.Server.Tunnels;

/// <summary>
/// A user's transport over the Guacamole HTTP tunnel: writes arrive as POST bodies, output leaves through
/// long-polling GET responses, each ended with <c>0.;</c>. One response streams at a time; it ends as soon
/// as the client has queued the next read, as the reference servlet does.
/// </summary>
internal sealed class HttpTunnelTransport : IUserTransport
{
    /// <summary>The internal end-of-response marker.</summary>
    public static readonly byte[] EndOfResponse = "0.;"u8.ToArray();

    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private readonly Channel<byte[]> _output = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(16) { SingleReader = false, SingleWriter = true });
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _token;
    private int _waitingReaders;
    private int _endOfStream;

    public HttpTunnelTransport(string uuid, string sessionToken)
    {
        Uuid = uuid;
        SessionToken = sessionToken;
        _token = Encoding.UTF8.GetBytes(sessionToken);
        LastActivity = Environment.TickCount64;
    }

    public string Uuid { get; }

    /// <summary>The value of the <c>Guacamole-Tunnel-Token</c> header this tunnel requires.</summary>
    public string SessionToken { get; }

    /// <summary>True once the last response has delivered everything and the end marker.</summary>
    public bool IsEndOfStream => Volatile.Read(ref _endOfStream) == 1;

    /// <summary>Milliseconds timestamp (Environment.TickCount64) of the client's last request.</summary>
    public long LastActivity { get; private set; }

    public PipeReader Input => _input.Reader;

    public bool Authorize(string? headerValue)
    {
        LastActivity = Environment.TickCount64;
        if (headerValue is null)
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(headerValue);
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken)
    {
        // The caller reuses its buffer once this returns, so the response gets a copy.
        await _output.Writer.WriteAsync(instructions.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken)
    {
        _output.Writer.TryComplete();
        _input.Writer.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>Appends a write request's body to the input, one request at a time so instructions never interleave.</summary>
    public async Task WriteFromAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await body.CopyToAsync(_input.Writer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The input was completed because the session ended: drop the write.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The browser went away for good: end the input so the session notices.</summary>
    public void Abandon()
    {
        _input.Writer.Complete();
        _output.Writer.TryComplete();
    }

    /// <summary>
    /// After a flush with no read queued behind this one: true when more output arrives within a short
    /// window. The stock client always queues its next read, so this only matters to simpler clients.
    /// </summary>
    private async Task<bool> MoreSoonAsync(CancellationToken cancellationToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(TimeSpan.FromMilliseconds(250));
        try
        {
            return await _output.Reader.WaitToReadAsync(window.Token).ConfigureAwait(false) && Volatile.Read(ref _waitingReaders) == 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Streams output into one read response and ends it with <c>0.;</c>.</summary>
    public async Task ReadIntoAsync(Stream response, Func<CancellationToken, Task> flush, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingReaders);
        bool locked = false;
        try
        {
            await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            locked = true;
            Interlocked.Decrement(ref _waitingReaders);
            while (true)
            {
                if (_output.Reader.TryRead(out var chunk))
                {
                    await response.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    if (_output.Reader.Count > 0)
                    {
                        continue;
                    }

                    await flush(cancellationToken).ConfigureAwait(false);
                    if (Volatile.Read(ref _waitingReaders) > 0 || !await MoreSoonAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                if (!await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    Volatile.Write(ref _endOfStream, 1);
                    break;
                }
            }

            await response.WriteAsync(EndOfResponse, cancellationToken).ConfigureAwait(false);
            await flush(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (locked)
            {
                _readLock.Release();
            }
            else
            {
                Interlocked.Decrement(ref _waitingReaders);
            }
        }
    }
}
