using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Protocol;

namespace Gateway.Benchmarks;

/// <summary>Writing single instructions into a reused buffer, as the display encoder and input relay do.</summary>
[MemoryDiagnoser]
public class WriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private readonly byte[] _blob = new byte[Payloads.BlobRawBytes];
    private int _counter;

    [GlobalSetup]
    public void Setup() => new Random(7).NextBytes(_blob);

    /// <summary>A full guacd-sized blob: 6048 bytes base64-encoded into 8064 characters.</summary>
    [Benchmark]
    public int BlobBase64()
    {
        _output.ResetWrittenCount();
        InstructionWriter.Start(_output, "blob"u8).Add(2).AddBase64(_blob).End();
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Rect()
    {
        _output.ResetWrittenCount();
        int i = ++_counter & 1023;
        InstructionWriter.Start(_output, "rect"u8).Add(0).Add(i).Add(i + 17).Add(256).Add(128).End();
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Mouse()
    {
        _output.ResetWrittenCount();
        int i = ++_counter & 1023;
        InstructionWriter.Start(_output, "mouse"u8).Add(i).Add(i * 2).Add(1).Add(1_784_000_000_000L + i).End();
        return _output.WrittenCount;
    }

    /// <summary>A string element that needs code-point counting and UTF-8 encoding.</summary>
    [Benchmark]
    public int NameString()
    {
        _output.ResetWrittenCount();
        InstructionWriter.Start(_output, "name"u8).Add("caf\u00E9 \u4F60\u597D \uD83D\uDE00 terminal title").End();
        return _output.WrittenCount;
    }
}
