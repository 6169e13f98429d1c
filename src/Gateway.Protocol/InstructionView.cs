using System.Globalization;
using System.Text;

namespace Gateway.Protocol;

/// <summary>
/// A parsed instruction that borrows its bytes from the parser's input. Reading it allocates nothing
/// unless a string is asked for. Valid only until the parser is called again or the input is released.
/// </summary>
public readonly ref struct InstructionView
{
    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<int> _elements;

    internal InstructionView(ReadOnlySpan<byte> raw, ReadOnlySpan<int> elements)
    {
        _raw = raw;
        _elements = elements;
    }

    /// <summary>The whole encoded instruction, terminator included.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>The opcode as UTF-8; empty for a default view.</summary>
    public ReadOnlySpan<byte> Opcode => _elements.IsEmpty ? default : Element(0);

    /// <summary>The number of arguments (elements after the opcode); 0 for a default view.</summary>
    public int ArgCount => Math.Max(0, (_elements.Length / 2) - 1);

    /// <summary>True for the tunnel-internal empty opcode.</summary>
    public bool IsInternal => _elements.Length >= 2 && _elements[1] == 0;

    /// <summary>Argument <paramref name="index"/> (0-based) as UTF-8; empty when absent.</summary>
    public ReadOnlySpan<byte> Arg(int index) => (uint)index < (uint)ArgCount ? Element(index + 1) : default;

    /// <summary>True when the opcode equals <paramref name="opcode"/> (UTF-8).</summary>
    public bool Is(ReadOnlySpan<byte> opcode) => Opcode.SequenceEqual(opcode);

    /// <summary>The opcode as a string.</summary>
    public string OpcodeString => Encoding.UTF8.GetString(Opcode);

    /// <summary>Argument <paramref name="index"/> as a string; empty when absent.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(Arg(index));

    /// <summary>Parses argument <paramref name="index"/> as a decimal integer with an optional '-'.</summary>
    public bool TryGetInt32(int index, out int value)
    {
        value = 0;
        return (uint)index < (uint)ArgCount
            && int.TryParse(Arg(index), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses argument <paramref name="index"/> as a decimal 64-bit integer.</summary>
    public bool TryGetInt64(int index, out long value)
    {
        value = 0;
        return (uint)index < (uint)ArgCount
            && long.TryParse(Arg(index), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses argument <paramref name="index"/> as a finite floating-point number.</summary>
    public bool TryGetDouble(int index, out double value)
    {
        value = 0;
        return (uint)index < (uint)ArgCount
            && double.TryParse(Arg(index), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Copies the instruction into an owned <see cref="Instruction"/>.</summary>
    public Instruction ToInstruction()
    {
        var args = new string[ArgCount];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = GetString(i);
        }

        return new Instruction(OpcodeString, args);
    }

    private ReadOnlySpan<byte> Element(int index)
    {
        int start = _elements[index * 2];
        int length = _elements[(index * 2) + 1];
        return _raw.Slice(start, length);
    }
}
