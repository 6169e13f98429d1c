using System.Buffers;
using System.Text.Unicode;

namespace Gateway.Protocol;

/// <summary>
/// Sans-IO, resumable parser of Guacamole instructions (GUACAMOLE.md §1.1) over a
/// <see cref="ReadOnlySequence{T}"/>, in the style of Kestrel's HTTP parser.
/// </summary>
/// <remarks>
/// <para>Element lengths are counted in Unicode code points and the bytes must be valid UTF-8.
/// Limits come from <see cref="ProtocolLimits"/>; a violation is reported as
/// <see cref="ParseResult.Error"/> with a typed <see cref="ProtocolError"/>, never as an exception.</para>
/// <para>On <see cref="ParseResult.NeedMoreData"/> nothing is consumed: the caller keeps the bytes
/// and calls again with the same start and more data (pipe style: <c>AdvanceTo(buffer.Start, buffer.End)</c>).
/// The parser remembers how far it has scanned, so each byte is examined once however the input is split.</para>
/// <para>The returned <see cref="InstructionView"/> points into the caller's buffer (or the parser's own
/// scratch buffer when the instruction straddles segments) and is valid only until the next call or until
/// the caller releases the buffer.</para>
/// </remarks>
public sealed class InstructionParser
{
    private enum State : byte
    {
        Length,
        Value,
        Terminator,
    }

    private readonly ProtocolLimits _limits;
    private readonly int[] _elements;
    private byte[]? _scratch;

    private long _scanned;
    private State _state;
    private int _count;
    private int _length;
    private int _digits;
    private int _remaining;
    private int _continuation;
    private long _valueStart;
    private bool _nonAscii;
    private ProtocolError? _error;

    public InstructionParser()
        : this(ProtocolLimits.Default)
    {
    }

    public InstructionParser(ProtocolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxElementLength, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxElements, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxInstructionBytes, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxInstructionBytes, Array.MaxLength, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxLengthDigits, 1, nameof(limits));
        _limits = limits;
        _elements = new int[limits.MaxElements * 2];
    }

    /// <summary>The limits this parser enforces.</summary>
    public ProtocolLimits Limits => _limits;

    /// <summary>Set once <see cref="TryRead"/> has returned <see cref="ParseResult.Error"/>; the parser then stays failed.</summary>
    public ProtocolError? Error => _error;

    /// <summary>True while part of an instruction has been scanned but not completed.</summary>
    public bool HasPartialInstruction => _scanned > 0;

    /// <summary>Forgets any partial instruction and any error.</summary>
    public void Reset()
    {
        ResetInstruction();
        _error = null;
    }

    /// <summary>
    /// Reads one instruction from the start of <paramref name="buffer"/>. On <see cref="ParseResult.Complete"/>,
    /// <paramref name="buffer"/> is advanced past the instruction. Otherwise it is left unchanged.
    /// </summary>
    public ParseResult TryRead(ref ReadOnlySequence<byte> buffer, out InstructionView instruction)
    {
        instruction = default;
        if (_error is not null)
        {
            return ParseResult.Error;
        }

        if (buffer.IsSingleSegment)
        {
            ReadOnlySpan<byte> span = buffer.FirstSpan;
            var result = TryReadSpan(span, out instruction, out int consumed);
            if (result == ParseResult.Complete)
            {
                buffer = buffer.Slice(consumed);
            }

            return result;
        }

        return TryReadMultiSegment(ref buffer, out instruction);
    }

    /// <summary>
    /// Reads one instruction from the start of a contiguous span; <paramref name="consumed"/> is its length
    /// when complete, else 0.
    /// </summary>
    public ParseResult TryRead(ReadOnlySpan<byte> buffer, out InstructionView instruction, out int consumed)
    {
        instruction = default;
        consumed = 0;
        if (_error is not null)
        {
            return ParseResult.Error;
        }

        return TryReadSpan(buffer, out instruction, out consumed);
    }

    private ParseResult TryReadSpan(ReadOnlySpan<byte> span, out InstructionView instruction, out int consumed)
    {
        instruction = default;
        consumed = 0;
        if (_scanned > span.Length)
        {
            return Fail(GuacamoleStatus.ServerError, "buffer shrank between calls");
        }

        long end = Scan(span[(int)_scanned..], _scanned);
        if (end == -2)
        {
            return ParseResult.Error;
        }

        if (end < 0)
        {
            _scanned = span.Length;
            return ParseResult.NeedMoreData;
        }

        int length = (int)end + 1;
        var raw = span[..length];
        return Complete(raw, out instruction, out consumed);
    }

    private ParseResult TryReadMultiSegment(ref ReadOnlySequence<byte> buffer, out InstructionView instruction)
    {
        instruction = default;
        if (_scanned > buffer.Length)
        {
            return Fail(GuacamoleStatus.ServerError, "buffer shrank between calls");
        }

        long offset = _scanned;
        var rest = buffer.Slice(_scanned);
        long end = -1;
        foreach (var memory in rest)
        {
            end = Scan(memory.Span, offset);
            if (end == -2)
            {
                return ParseResult.Error;
            }

            if (end >= 0)
            {
                break;
            }

            offset += memory.Length;
        }

        if (end < 0)
        {
            _scanned = buffer.Length;
            return ParseResult.NeedMoreData;
        }

        int length = (int)end + 1;
        ReadOnlySpan<byte> raw;
        if (buffer.FirstSpan.Length >= length)
        {
            raw = buffer.FirstSpan[..length];
        }
        else
        {
            _scratch ??= new byte[_limits.MaxInstructionBytes];
            buffer.Slice(0, length).CopyTo(_scratch);
            raw = _scratch.AsSpan(0, length);
        }

        var result = Complete(raw, out instruction, out int consumed);
        if (result == ParseResult.Complete)
        {
            buffer = buffer.Slice(consumed);
        }

        return result;
    }

    private ParseResult Complete(ReadOnlySpan<byte> raw, out InstructionView instruction, out int consumed)
    {
        instruction = default;
        consumed = 0;
        if (_nonAscii && !Utf8.IsValid(raw))
        {
            return Fail(GuacamoleStatus.ClientBadRequest, "instruction is not valid utf-8");
        }

        instruction = new InstructionView(raw, _elements.AsSpan(0, _count * 2));
        consumed = raw.Length;
        ResetInstruction();
        return ParseResult.Complete;
    }

    /// <summary>
    /// Scans <paramref name="span"/>, whose first byte is at <paramref name="baseOffset"/> within the
    /// instruction. Returns the offset of the terminating ';', -1 when more data is needed, -2 on error.
    /// </summary>
    private long Scan(ReadOnlySpan<byte> span, long baseOffset)
    {
        long cap = _limits.MaxInstructionBytes - baseOffset;
        if (cap <= 0)
        {
            Fail(GuacamoleStatus.ClientOverrun, "instruction too long");
            return -2;
        }

        bool capped = span.Length > cap;
        if (capped)
        {
            span = span[..(int)cap];
        }

        int j = 0;
        while (j < span.Length)
        {
            switch (_state)
            {
                case State.Length:
                {
                    byte b = span[j];
                    if ((uint)(b - '0') <= 9)
                    {
                        if (++_digits > _limits.MaxLengthDigits)
                        {
                            Fail(GuacamoleStatus.ClientBadRequest, "element length prefix has too many digits");
                            return -2;
                        }

                        // In 64 bits: with a generous MaxElementLength, ten digits can pass int.MaxValue.
                        long length = ((long)_length * 10) + (b - '0');
                        if (length > _limits.MaxElementLength)
                        {
                            Fail(GuacamoleStatus.ClientOverrun, "element too long");
                            return -2;
                        }

                        _length = (int)length;

                        j++;
                    }
                    else if (b == '.')
                    {
                        if (_digits == 0)
                        {
                            Fail(GuacamoleStatus.ClientBadRequest, "element length missing");
                            return -2;
                        }

                        if (_count >= _limits.MaxElements)
                        {
                            Fail(GuacamoleStatus.ClientOverrun, "too many elements in instruction");
                            return -2;
                        }

                        j++;
                        _valueStart = baseOffset + j;
                        _remaining = _length;
                        _continuation = 0;
                        _state = _remaining == 0 ? State.Terminator : State.Value;
                    }
                    else
                    {
                        Fail(GuacamoleStatus.ClientBadRequest, "expected an element length");
                        return -2;
                    }

                    break;
                }

                case State.Value:
                {
                    if (_continuation == 0)
                    {
                        // Fast path: a run of ASCII is one code point per byte.
                        int n = Math.Min(_remaining, span.Length - j);
                        var chunk = span.Slice(j, n);
                        int firstNonAscii = chunk.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                        if (firstNonAscii < 0)
                        {
                            j += n;
                            _remaining -= n;
                            if (_remaining == 0)
                            {
                                _state = State.Terminator;
                            }

                            break;
                        }

                        j += firstNonAscii;
                        _remaining -= firstNonAscii;
                        if (_remaining == 0)
                        {
                            _state = State.Terminator;
                            break;
                        }
                    }

                    if (j >= span.Length)
                    {
                        break;
                    }

                    byte c = span[j++];
                    if (_continuation > 0)
                    {
                        if ((c & 0xC0) != 0x80)
                        {
                            Fail(GuacamoleStatus.ClientBadRequest, "instruction is not valid utf-8");
                            return -2;
                        }

                        _continuation--;
                    }
                    else
                    {
                        _nonAscii = true;
                        if (c >= 0xC2 && c <= 0xDF)
                        {
                            _continuation = 1;
                        }
                        else if (c >= 0xE0 && c <= 0xEF)
                        {
                            _continuation = 2;
                        }
                        else if (c >= 0xF0 && c <= 0xF4)
                        {
                            _continuation = 3;
                        }
                        else
                        {
                            Fail(GuacamoleStatus.ClientBadRequest, "instruction is not valid utf-8");
                            return -2;
                        }

                        _remaining--;
                    }

                    if (_remaining == 0 && _continuation == 0)
                    {
                        _state = State.Terminator;
                    }

                    break;
                }

                default:
                {
                    byte t = span[j];
                    long at = baseOffset + j;
                    _elements[_count * 2] = (int)_valueStart;
                    _elements[(_count * 2) + 1] = (int)(at - _valueStart);
                    if (t == ',')
                    {
                        _count++;
                        _state = State.Length;
                        _length = 0;
                        _digits = 0;
                        j++;
                    }
                    else if (t == ';')
                    {
                        _count++;
                        return at;
                    }
                    else
                    {
                        Fail(GuacamoleStatus.ClientBadRequest, "element length does not match its value");
                        return -2;
                    }

                    break;
                }
            }
        }

        if (capped)
        {
            Fail(GuacamoleStatus.ClientOverrun, "instruction too long");
            return -2;
        }

        return -1;
    }

    private ParseResult Fail(GuacamoleStatus status, string message)
    {
        _error = new ProtocolError(status, message);
        ResetInstruction();
        return ParseResult.Error;
    }

    private void ResetInstruction()
    {
        _scanned = 0;
        _state = State.Length;
        _count = 0;
        _length = 0;
        _digits = 0;
        _remaining = 0;
        _continuation = 0;
        _valueStart = 0;
        _nonAscii = false;
    }
}
