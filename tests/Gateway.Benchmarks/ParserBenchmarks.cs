using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Protocol;

namespace Gateway.Benchmarks;

/// <summary>
/// Parsing through the view API, one operation per instruction: a guacd-style image stream (mostly
/// 8 KiB base64 blobs) from one buffer and from pipe-sized segments, and browser input (mouse, key).
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly InstructionParser _parser = new();
    private byte[] _blobHeavy = [];
    private ReadOnlySequence<byte> _blobHeavySegmented;
    private byte[] _smallInput = [];

    [GlobalSetup]
    public void Setup()
    {
        _blobHeavy = Payloads.BlobHeavy.Bytes;
        _blobHeavySegmented = Segmented(_blobHeavy, 4096);
        _smallInput = Payloads.SmallInput.Bytes;
    }

    [Benchmark(OperationsPerInvoke = Payloads.BlobHeavyInstructions)]
    [Payload(Payloads.BlobHeavyName)]
    public long BlobHeavySpan()
    {
        ReadOnlySpan<byte> data = _blobHeavy;
        long sum = 0;
        while (_parser.TryRead(data, out var view, out int consumed) == ParseResult.Complete)
        {
            sum += view.Arg(view.ArgCount - 1).Length;
            data = data[consumed..];
        }

        return Check(sum);
    }

    [Benchmark(OperationsPerInvoke = Payloads.BlobHeavyInstructions)]
    [Payload(Payloads.BlobHeavyName)]
    public long BlobHeavySequence4K()
    {
        var buffer = _blobHeavySegmented;
        long sum = 0;
        while (_parser.TryRead(ref buffer, out var view) == ParseResult.Complete)
        {
            sum += view.Arg(view.ArgCount - 1).Length;
        }

        return Check(sum);
    }

    [Benchmark(OperationsPerInvoke = Payloads.SmallInputInstructions)]
    [Payload(Payloads.SmallInputName)]
    public long SmallInput()
    {
        ReadOnlySpan<byte> data = _smallInput;
        long sum = 0;
        while (_parser.TryRead(data, out var view, out int consumed) == ParseResult.Complete)
        {
            if (view.Is("mouse"u8) && view.TryGetInt32(0, out int x) && view.TryGetInt32(1, out int y) && view.TryGetInt32(2, out int mask))
            {
                sum += x + y + mask;
            }
            else if (view.Is("key"u8) && view.TryGetInt32(0, out int keysym) && view.TryGetInt32(1, out int pressed))
            {
                sum += keysym + pressed;
            }

            data = data[consumed..];
        }

        return Check(sum);
    }

    /// <summary>For comparison: copying every instruction into an owned <see cref="Instruction"/>.</summary>
    [Benchmark(OperationsPerInvoke = Payloads.SmallInputInstructions)]
    [Payload(Payloads.SmallInputName)]
    public long SmallInputOwned()
    {
        ReadOnlySpan<byte> data = _smallInput;
        long sum = 0;
        while (_parser.TryRead(data, out var view, out int consumed) == ParseResult.Complete)
        {
            sum += view.ToInstruction().Args.Count;
            data = data[consumed..];
        }

        return Check(sum);
    }

    private long Check(long sum)
    {
        if (_parser.Error is { } error)
        {
            throw new InvalidOperationException($"benchmark payload failed to parse: {error}");
        }

        return sum;
    }

    private static ReadOnlySequence<byte> Segmented(byte[] data, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (int at = 0; at < data.Length; at += size)
        {
            var segment = new Segment(data.AsMemory(at, Math.Min(size, data.Length - at)), last);
            first ??= segment;
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
