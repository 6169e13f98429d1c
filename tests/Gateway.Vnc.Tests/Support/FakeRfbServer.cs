using System.Net;
using System.Net.Sockets;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Support;

/// <summary>
/// A scripted RFB server on 127.0.0.1 for driver tests: it does the 3.8 handshake with security None and a
/// ServerInit of the given size, records everything the client sends, and lets the test write any bytes after.
/// </summary>
public sealed class FakeRfbServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<NetworkStream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MemoryStream _received = new();
    private readonly object _gate = new();
    private TcpClient? _client;

    public FakeRfbServer(int width, int height, string name = "fake")
    {
        _listener.Start();
        _ = AcceptAsync(width, height, name);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes the client sent after ClientInit.</summary>
    public byte[] Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Waits until the handshake is done and returns the stream to script the rest.</summary>
    public Task<NetworkStream> ConnectedAsync() => _connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits until the client has sent at least <paramref name="count"/> bytes after ClientInit.</summary>
    public async Task WaitForBytesAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Received.Length < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the client sent {Received.Length} bytes, expected {count}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Closes the connection (as a server that died).</summary>
    public void Close() => _client?.Client.Close();

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(int width, int height, string name)
    {
        try
        {
            _client = await _listener.AcceptTcpClientAsync();
            var stream = _client.GetStream();
            await stream.WriteAsync("RFB 003.008\n"u8.ToArray());
            await ReadExactlyAsync(stream, 12);
            await stream.WriteAsync(new byte[] { 1, 1 });
            await ReadExactlyAsync(stream, 1);
            await stream.WriteAsync(new byte[] { 0, 0, 0, 0 });
            await ReadExactlyAsync(stream, 1);
            byte[] format = new byte[PixelFormat.Size];
            PixelFormat.Bgrx32.Write(format);
            byte[] nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
            await stream.WriteAsync(new Bytes().U16(width).U16(height).Raw(format).U32((uint)nameBytes.Length).Raw(nameBytes).ToArray());
            _connected.TrySetResult(stream);
            byte[] buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                lock (_gate)
                {
                    _received.Write(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _connected.TrySetException(e);
        }
    }

    private static async Task ReadExactlyAsync(NetworkStream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
    }
}
