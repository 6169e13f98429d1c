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
/// <remarks>
/// Each element (separator, length prefix and value) is written with a single <c>GetSpan</c>/<c>Advance</c>
/// pair: the buffer-writer calls are interface calls and dominated the cost of small elements.
/// </remarks>
public readonly ref struct InstructionWriter
{
    /// <summary>Separator plus the longest length prefix (10 digits) plus its '.'.</summary>
    private const int MaxPrefix = 1 + 10 + 1;

    private readonly IBufferWriter<byte> _output;

    private InstructionWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Begins an instruction with a UTF-8 opcode.</summary>
    public static InstructionWriter Start(IBufferWriter<byte> output, ReadOnlySpan<byte> opcode)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new InstructionWriter(output);
        writer.WriteUtf8Element(opcode, separator: false);
        return writer;
    }

    /// <summary>Begins an instruction with a string opcode.</summary>
    public static InstructionWriter Start(IBufferWriter<byte> output, string opcode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(opcode);
        var writer = new InstructionWriter(output);
        writer.WriteTextElement(opcode, separator: false);
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
        // ",NN." and at most 11 characters ("-2147483648"), so the length prefix has at most 2 digits.
        var span = _output.GetSpan(4 + 11);
        span[0] = (byte)',';
        Utf8Formatter.TryFormat(value, span[3..], out int digits);
        _output.Advance(1 + PlaceAsciiValue(span[1..], digits));
        return this;
    }

    public InstructionWriter Add(long value)
    {
        var span = _output.GetSpan(4 + 20);
        span[0] = (byte)',';
        Utf8Formatter.TryFormat(value, span[3..], out int digits);
        _output.Advance(1 + PlaceAsciiValue(span[1..], digits));
        return this;
    }

    public InstructionWriter Add(double value)
    {
        var span = _output.GetSpan(4 + 32);
        span[0] = (byte)',';
        if (!value.TryFormat(span.Slice(3, 32), out int digits, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        _output.Advance(1 + PlaceAsciiValue(span[1..], digits));
        return this;
    }

    public InstructionWriter Add(bool value)
    {
        var span = _output.GetSpan(4);
        span[0] = (byte)',';
        span[1] = (byte)'1';
        span[2] = (byte)'.';
        span[3] = value ? (byte)'1' : (byte)'0';
        _output.Advance(4);
        return this;
    }

    public InstructionWriter Add(string? value) => Add(value.AsSpan());

    public InstructionWriter Add(ReadOnlySpan<char> value)
    {
        WriteTextElement(value, separator: true);
        return this;
    }

    /// <summary>Adds an element already in (valid) UTF-8.</summary>
    public InstructionWriter AddUtf8(ReadOnlySpan<byte> value)
    {
        WriteUtf8Element(value, separator: true);
        return this;
    }

    /// <summary>Adds <paramref name="data"/> encoded as base64 (as in <c>blob</c>).</summary>
    public InstructionWriter AddBase64(ReadOnlySpan<byte> data)
    {
        // Base64 is ASCII: the encoded length is also the code-point count.
        int encodedLength = Base64.GetMaxEncodedToUtf8Length(data.Length);
        var span = _output.GetSpan(MaxPrefix + encodedLength);
        int prefix = WritePrefix(span, encodedLength, separator: true);
        Base64.EncodeToUtf8(data, span[prefix..], out _, out int written);
        _output.Advance(prefix + written);
        return this;
    }

    /// <summary>Ends the instruction.</summary>
    public void End()
    {
        var span = _output.GetSpan(1);
        span[0] = (byte)';';
        _output.Advance(1);
    }

    /// <summary>
    /// <paramref name="span"/> holds an ASCII value of <paramref name="length"/> bytes at offset 2; writes the
    /// length prefix before it (moving the value one byte on for a two-digit length) and returns the
    /// element's size.
    /// </summary>
    private static int PlaceAsciiValue(Span<byte> span, int length)
    {
        if (length < 10)
        {
            span[0] = (byte)('0' + length);
            span[1] = (byte)'.';
            return 2 + length;
        }

        span.Slice(2, length).CopyTo(span[3..]);
        span[0] = (byte)('0' + (length / 10));
        span[1] = (byte)('0' + (length % 10));
        span[2] = (byte)'.';
        return 3 + length;
    }

    /// <summary>Writes the optional separator and <c>length.</c>; returns the bytes written.</summary>
    private static int WritePrefix(Span<byte> span, int length, bool separator)
    {
        int at = 0;
        if (separator)
        {
            span[at++] = (byte)',';
        }

        Utf8Formatter.TryFormat(length, span[at..], out int digits);
        at += digits;
        span[at++] = (byte)'.';
        return at;
    }

    private void WriteUtf8Element(ReadOnlySpan<byte> value, bool separator)
    {
        var span = _output.GetSpan(MaxPrefix + value.Length);
        int prefix = WritePrefix(span, CodePoints.CountUtf8(value), separator);
        value.CopyTo(span[prefix..]);
        _output.Advance(prefix + value.Length);
    }

    private void WriteTextElement(ReadOnlySpan<char> value, bool separator)
    {
        var span = _output.GetSpan(MaxPrefix + Encoding.UTF8.GetMaxByteCount(value.Length));
        int prefix = WritePrefix(span, CodePoints.Count(value), separator);
        int written = Encoding.UTF8.GetBytes(value, span[prefix..]);
        _output.Advance(prefix + written);
    }
}
