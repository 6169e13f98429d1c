using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Gateway.Protocol;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>A raw Guacamole protocol client over a stream: writes instructions, reads them back parsed.</summary>
internal sealed class GuacdWire : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly InstructionParser _parser = new();
    private readonly byte[] _read = new byte[65536];
    private byte[] _pending = [];

    public GuacdWire(Stream stream) => _stream = stream;

    public static async Task<GuacdWire> ConnectAsync(System.Net.IPEndPoint endpoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        return new GuacdWire(client.GetStream());
    }

    public Task SendAsync(string opcode, params string[] args) => SendRawAsync(new Instruction(opcode, args).ToString());

    public async Task SendRawAsync(string encoded)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(encoded));
        await _stream.FlushAsync();
    }

    /// <summary>The next instruction, or null at end of stream.</summary>
    public async Task<Instruction?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_pending);
            var result = _parser.TryRead(ref sequence, out var view);
            if (result == ParseResult.Complete)
            {
                var instruction = view.ToInstruction();
                _pending = sequence.ToArray();
                return instruction;
            }

            if (result == ParseResult.Error)
            {
                throw new InvalidOperationException("server sent bad data: " + _parser.Error);
            }

            int n = await _stream.ReadAsync(_read, cts.Token);
            if (n == 0)
            {
                return null;
            }

            _pending = [.. _pending, .. _read.AsSpan(0, n)];
        }
    }

    public async Task<Instruction> ExpectAsync(string opcode)
    {
        while (true)
        {
            var next = await ReadAsync() ?? throw new InvalidOperationException($"stream ended before '{opcode}'");
            if (next.Opcode == opcode)
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
