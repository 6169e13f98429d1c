using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Gateway.Core.Sessions;
using Gateway.Protocol;

namespace Gateway.TestBackends;

/// <summary>
/// An in-memory <see cref="IUserTransport"/> for tests: the test writes client instructions, and reads
/// the server's instructions back one at a time, parsed.
/// </summary>
public sealed class MemoryTransport : IUserTransport
{
    private readonly Pipe _input = new();
    private readonly Channel<Instruction> _output = Channel.CreateUnbounded<Instruction>();
    private readonly InstructionParser _parser = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource<GuacamoleStatus> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _pending = [];

    public PipeReader Input => _input.Reader;

    /// <summary>When set, SendAsync waits on it (simulates a client that stopped reading).</summary>
    public TaskCompletionSource? Stall { get; set; }

    /// <summary>Completes with the close status when the session closes this transport.</summary>
    public Task<GuacamoleStatus> Closed => _closed.Task;

    /// <summary>Bytes the server has sent, in total.</summary>
    public long BytesSent { get; private set; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> instructions, CancellationToken cancellationToken)
    {
        if (Stall is { } stall)
        {
            await stall.Task.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            BytesSent += instructions.Length;
            var all = new byte[_pending.Length + instructions.Length];
            _pending.CopyTo(all, 0);
            instructions.Span.CopyTo(all.AsSpan(_pending.Length));
            var sequence = new ReadOnlySequence<byte>(all);
            while (_parser.TryRead(ref sequence, out var view) == ParseResult.Complete)
            {
                _output.Writer.TryWrite(view.ToInstruction());
            }

            if (_parser.Error is { } error)
            {
                throw new InvalidOperationException("server sent bad output: " + error);
            }

            _pending = sequence.ToArray();
        }
    }

    public ValueTask CloseAsync(GuacamoleStatus status, CancellationToken cancellationToken)
    {
        _output.Writer.TryComplete();
        _closed.TrySetResult(status);
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends already-encoded instructions as the client.</summary>
    public async Task WriteRawAsync(string encoded)
    {
        await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(encoded));
    }

    /// <summary>Sends raw bytes as the client.</summary>
    public async Task WriteRawAsync(byte[] encoded) => await _input.Writer.WriteAsync(encoded);

    /// <summary>Sends one instruction as the client.</summary>
    public Task WriteAsync(string opcode, params string[] args) => WriteRawAsync(new Instruction(opcode, args).ToString());

    /// <summary>The client hangs up.</summary>
    public void Hangup() => _input.Writer.Complete();

    /// <summary>The next instruction from the server, or null when the transport closed.</summary>
    public async Task<Instruction?> ReadAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        using var cts = new CancellationTokenSource(limit);
        try
        {
            return await _output.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no instruction from the server within {limit.TotalSeconds} s");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>Reads until an instruction with <paramref name="opcode"/> arrives; fails after the timeout.</summary>
    public async Task<Instruction> ExpectAsync(string opcode, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no '{opcode}' instruction arrived");
            }

            var next = await ReadAsync(left) ?? throw new InvalidOperationException($"transport closed before '{opcode}'");
            if (next.Opcode == opcode)
            {
                return next;
            }
        }
    }

    /// <summary>Everything the server sends until it closes the transport.</summary>
    public async Task<List<Instruction>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var list = new List<Instruction>();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await foreach (var i in _output.Reader.ReadAllAsync(cts.Token))
            {
                list.Add(i);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var last = list.Count > 0 ? list[^1].ToString() : "nothing";
            throw new TimeoutException($"the server did not close within {limit.TotalSeconds} s; {list.Count} instructions read, last: {Shorten(last)}");
        }

        return list;
    }
}
