namespace Gateway.Benchmarks;

/// <summary>A deterministic protocol stream used by a benchmark.</summary>
public sealed class Payload
{
    public Payload(byte[] bytes, int instructions)
    {
        Bytes = bytes;
        Instructions = instructions;
    }

    public byte[] Bytes { get; }

    public int Instructions { get; }

    public double BytesPerInstruction => (double)Bytes.Length / Instructions;
}
