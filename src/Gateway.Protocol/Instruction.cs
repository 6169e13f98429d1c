using System.Buffers;
using System.Text;

namespace Gateway.Protocol;

/// <summary>An owned, immutable instruction: an opcode and its arguments.</summary>
public sealed class Instruction : IEquatable<Instruction>
{
    private readonly string[] _args;

    public Instruction(string opcode, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(opcode);
        ArgumentNullException.ThrowIfNull(args);
        Opcode = opcode;
        _args = args;
    }

    public string Opcode { get; }

    public IReadOnlyList<string> Args => _args;

    /// <summary>Writes the encoded instruction.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = InstructionWriter.Start(output, Opcode);
        foreach (var arg in _args)
        {
            writer = writer.Add(arg);
        }

        writer.End();
    }

    /// <summary>The encoded instruction as UTF-8 bytes.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The encoded instruction, e.g. <c>4.size,1.0,4.1024,3.768;</c>.</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    public bool Equals(Instruction? other) =>
        other is not null && Opcode == other.Opcode && _args.AsSpan().SequenceEqual(other._args);

    public override bool Equals(object? obj) => Equals(obj as Instruction);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Opcode);
        foreach (var a in _args)
        {
            hash.Add(a);
        }

        return hash.ToHashCode();
    }
}
