using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gateway.Protocol;

/// <summary>
/// Writes one instruction element by element straight into an <see cref="IBufferWriter{T}"/>, with
/// no heap allocation: <c>InstructionWriter.Start(w, "size"u8).Add(0).Add(1024).Add(768).End();</c>.
/// Lengths are written in Unicode code points.
/// </summary>
public readonly ref struct InstructionWriter
{
    private readonly IBufferWriter<byte> _output;

    private InstructionWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Begins an instruction with a UTF-8 opcode.</summary>
    public static InstructionWriter Start(IBufferWriter<byte> output, ReadOnlySpan<byte> opcode)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new InstructionWriter(output);
        writer.WriteUtf8Element(opcode);
        return writer;
    }

    /// <summary>Begins an instruction with a string opcode.</summary>
    public static InstructionWriter Start(IBufferWriter<byte> output, string opcode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(opcode);
        var writer = new InstructionWriter(output);
        writer.WriteTextElement(opcode);
        return writer;
    }

    /// <summary>Writes a whole instruction from strings.</summary>
    public static void Write(IBufferWriter<byte> output, string opcode, params ReadOnlySpan<string> args)
    {
        var writer = Start(output, opcode);
        foreach (var arg in args)
        {
            writer = writer.Add(arg);
        }

        writer.End();
    }

    public InstructionWriter Add(int value)
    {
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(value, digits, out int n);
        Separator();
        WriteUtf8Element(digits[..n]);
        return this;
    }

    public InstructionWriter Add(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int n);
        Separator();
        WriteUtf8Element(digits[..n]);
        return this;
    }

    public InstructionWriter Add(double value)
    {
        Span<byte> digits = stackalloc byte[32];
        if (!value.TryFormat(digits, out int n, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        Separator();
        WriteUtf8Element(digits[..n]);
        return this;
    }

    public InstructionWriter Add(bool value) => Add(value ? 1 : 0);

    public InstructionWriter Add(string? value) => Add(value.AsSpan());

    public InstructionWriter Add(ReadOnlySpan<char> value)
    {
        Separator();
        WriteTextElement(value);
        return this;
    }

    /// <summary>Adds an element already in (valid) UTF-8.</summary>
    public InstructionWriter AddUtf8(ReadOnlySpan<byte> value)
    {
        Separator();
        WriteUtf8Element(value);
        return this;
    }

    /// <summary>Adds <paramref name="data"/> encoded as base64 (as in <c>blob</c>).</summary>
    public InstructionWriter AddBase64(ReadOnlySpan<byte> data)
    {
        Separator();
        int encodedLength = Base64.GetMaxEncodedToUtf8Length(data.Length);
        WriteLength(encodedLength);
        var span = _output.GetSpan(encodedLength);
        Base64.EncodeToUtf8(data, span, out _, out int written);
        _output.Advance(written);
        return this;
    }

    /// <summary>Ends the instruction.</summary>
    public void End()
    {
        var span = _output.GetSpan(1);
        span[0] = (byte)';';
        _output.Advance(1);
    }

    private void Separator()
    {
        var span = _output.GetSpan(1);
        span[0] = (byte)',';
        _output.Advance(1);
    }

    private void WriteUtf8Element(ReadOnlySpan<byte> value)
    {
        WriteLength(CodePoints.CountUtf8(value));
        var span = _output.GetSpan(value.Length);
        value.CopyTo(span);
        _output.Advance(value.Length);
    }

    private void WriteTextElement(ReadOnlySpan<char> value)
    {
        WriteLength(CodePoints.Count(value));
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = _output.GetSpan(max);
        int written = Encoding.UTF8.GetBytes(value, span);
        _output.Advance(written);
    }

    private void WriteLength(int length)
    {
        var span = _output.GetSpan(12);
        Utf8Formatter.TryFormat(length, span, out int n);
        span[n] = (byte)'.';
        _output.Advance(n + 1);
    }
}
