using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace Gateway.Bench;

/// <summary>
/// The "direct" baseline: a bare RFB 3.8 client (RFC 6143) straight to Xvnc with security type None, 32-bit true colour
/// and only the Raw encoding, keeping one incremental FramebufferUpdateRequest outstanding like a viewer does.
/// <see cref="MeasureKeyAsync"/> times a KeyEvent until the end of the first FramebufferUpdate with rectangles after it,
/// which is what the gateway's own VNC client has to wait for before it can draw.
/// </summary>
internal sealed class RfbDirectClient : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _cts = new();
    private readonly object _gate = new();
    private Task _receive = Task.CompletedTask;
    private int _width;
    private int _height;
    private long _keySentAt;
    private TaskCompletionSource<double>? _keyFrame;

    public async Task ConnectAsync(int port, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
        byte[] version = new byte[12];
        await ReadExactlyAsync(version, cancellationToken).ConfigureAwait(false);
        await _socket.SendAsync("RFB 003.008\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        byte[] count = new byte[1];
        await ReadExactlyAsync(count, cancellationToken).ConfigureAwait(false);
        byte[] types = new byte[count[0]];
        await ReadExactlyAsync(types, cancellationToken).ConfigureAwait(false);
        if (Array.IndexOf(types, (byte)1) < 0)
        {
            throw new InvalidOperationException("Xvnc does not offer security type None");
        }

        await _socket.SendAsync(new byte[] { 1 }, cancellationToken).ConfigureAwait(false);
        byte[] securityResult = new byte[4];
        await ReadExactlyAsync(securityResult, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32BigEndian(securityResult) != 0)
        {
            throw new InvalidOperationException("rfb security handshake failed");
        }

        await _socket.SendAsync(new byte[] { 1 }, cancellationToken).ConfigureAwait(false); // ClientInit: shared
        byte[] serverInit = new byte[24];
        await ReadExactlyAsync(serverInit, cancellationToken).ConfigureAwait(false);
        _width = BinaryPrimitives.ReadUInt16BigEndian(serverInit);
        _height = BinaryPrimitives.ReadUInt16BigEndian(serverInit.AsSpan(2));
        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(serverInit.AsSpan(20));
        if (nameLength > 4096)
        {
            throw new InvalidOperationException("rfb desktop name too long");
        }

        await ReadExactlyAsync(new byte[nameLength], cancellationToken).ConfigureAwait(false);

        // SetPixelFormat: 32 bpp, depth 24, little-endian, true colour, 8 bits each at shifts 16/8/0.
        byte[] setup = new byte[20 + 8 + 10];
        setup[0] = 0;
        setup[4] = 32;
        setup[5] = 24;
        setup[6] = 0;
        setup[7] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(setup.AsSpan(8), 255);
        BinaryPrimitives.WriteUInt16BigEndian(setup.AsSpan(10), 255);
        BinaryPrimitives.WriteUInt16BigEndian(setup.AsSpan(12), 255);
        setup[14] = 16;
        setup[15] = 8;
        setup[16] = 0;
        // SetEncodings: Raw only.
        setup[20] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(setup.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32BigEndian(setup.AsSpan(24), 0);
        // FramebufferUpdateRequest: full, not incremental.
        WriteRequest(setup.AsSpan(28), incremental: false);
        await _socket.SendAsync(setup, cancellationToken).ConfigureAwait(false);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receive = Task.Run(() => ReceiveLoopAsync(first), CancellationToken.None);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    public async Task<double> MeasureKeyAsync(int keysym, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _keyFrame = done;
            _keySentAt = Stopwatch.GetTimestamp();
        }

        await SendKeyAsync(keysym, down: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return double.NaN;
        }
        finally
        {
            lock (_gate)
            {
                _keyFrame = null;
            }

            await SendKeyAsync(keysym, down: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receive.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _sendLock.Dispose();
        _cts.Dispose();
    }

    private void WriteRequest(Span<byte> into, bool incremental)
    {
        into[0] = 3;
        into[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(into[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(into[4..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(into[6..], (ushort)_width);
        BinaryPrimitives.WriteUInt16BigEndian(into[8..], (ushort)_height);
    }

    private async Task SendKeyAsync(int keysym, bool down, CancellationToken cancellationToken)
    {
        byte[] key = new byte[8];
        key[0] = 4;
        key[1] = down ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(4), (uint)keysym);
        await SendAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(TaskCompletionSource first)
    {
        var token = _cts.Token;
        byte[] header = new byte[16];
        byte[] skip = new byte[1 << 16];
        try
        {
            while (true)
            {
                await ReadExactlyAsync(header.AsMemory(0, 1), token).ConfigureAwait(false);
                switch (header[0])
                {
                    case 0: // FramebufferUpdate
                    {
                        await ReadExactlyAsync(header.AsMemory(0, 3), token).ConfigureAwait(false);
                        int rects = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1));
                        for (int i = 0; i < rects; i++)
                        {
                            await ReadExactlyAsync(header.AsMemory(0, 12), token).ConfigureAwait(false);
                            int w = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
                            int h = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(6));
                            int encoding = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
                            if (encoding != 0)
                            {
                                throw new InvalidOperationException($"unexpected rfb encoding {encoding}");
                            }

                            await SkipAsync((long)w * h * 4, skip, token).ConfigureAwait(false);
                        }

                        first.TrySetResult();
                        if (rects > 0)
                        {
                            lock (_gate)
                            {
                                _keyFrame?.TrySetResult(Stopwatch.GetElapsedTime(_keySentAt).TotalMilliseconds);
                                _keyFrame = null;
                            }
                        }

                        byte[] request = new byte[10];
                        WriteRequest(request, incremental: true);
                        await SendAsync(request, token).ConfigureAwait(false);
                        break;
                    }

                    case 1: // SetColourMapEntries
                    {
                        await ReadExactlyAsync(header.AsMemory(0, 5), token).ConfigureAwait(false);
                        await SkipAsync(BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3)) * 6L, skip, token).ConfigureAwait(false);
                        break;
                    }

                    case 2: // Bell
                        break;
                    case 3: // ServerCutText
                    {
                        await ReadExactlyAsync(header.AsMemory(0, 7), token).ConfigureAwait(false);
                        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(3));
                        await SkipAsync(Math.Min(length, 1u << 24), skip, token).ConfigureAwait(false);
                        break;
                    }

                    default:
                        throw new InvalidOperationException($"unexpected rfb message type {header[0]}");
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            first.TrySetException(ex);
        }
    }

    private async Task SkipAsync(long count, byte[] scratch, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int chunk = (int)Math.Min(count, scratch.Length);
            await ReadExactlyAsync(scratch.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            count -= chunk;
        }
    }

    private Task ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken) => ReadExactlyAsync(buffer.AsMemory(), cancellationToken);

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await _socket.ReceiveAsync(buffer[got..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new InvalidOperationException("xvnc closed the connection");
            }

            got += n;
        }
    }
}
