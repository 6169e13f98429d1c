using System.Buffers;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;

namespace Gateway.Fuzz;

/// <summary>
/// The fuzz target for untrusted Guacamole input, shared by the AFL driver (<c>Program</c>) and the replay
/// test. Feeds the bytes to <see cref="InstructionParser"/> as one span, as a multi-segment sequence, and
/// growing a byte at a time, and every parsed instruction to a <see cref="ServerHandshake"/>.
/// </summary>
/// <remarks>
/// Malformed input is expected and must come back as a typed <see cref="ProtocolError"/> (or, from APIs that
/// throw, a <see cref="GuacamoleProtocolException"/>). Anything else escapes and is a crash: an exception
/// from the code under test, or a <see cref="FuzzInvariantException"/> when the ways of feeding the same bytes
/// disagree or a parsed instruction does not survive re-encoding.
/// </remarks>
public static class ProtocolFuzzTarget
{
    /// <summary>Longer inputs are cut: the limits make anything past 64 KiB uninteresting.</summary>
    public const int MaxInput = 64 * 1024;

    private static readonly string[] Parameters = ["hostname", "port", "password"];

    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxInput)
        {
            data = data[..MaxInput];
        }

        try
        {
            var whole = ReadWhole(data);
            Expect(whole, ReadSegmented(data), "multi-segment");
            Expect(whole, ReadGrowing(data), "growing");
        }
        catch (GuacamoleProtocolException)
        {
            // The typed failure for bad input: expected.
        }
    }

    /// <summary>One span, instruction after instruction; also drives the handshake and the re-encoding check.</summary>
    private static Outcome ReadWhole(ReadOnlySpan<byte> data)
    {
        var parser = new InstructionParser();
        var outcome = new Outcome();
        var handshake = new ServerHandshake(startedAtMs: 0);
        var output = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = parser.TryRead(data, out var instruction, out int consumed);
            if (result != ParseResult.Complete)
            {
                return outcome.Finish(result, parser, consumed);
            }

            if (consumed <= 0 || consumed > data.Length || !instruction.Raw.SequenceEqual(data[..consumed]))
            {
                throw new FuzzInvariantException("complete instruction does not match the bytes consumed");
            }

            outcome.Add(instruction);
            CheckReencoding(instruction);
            Drive(handshake, instruction, output);
            data = data[consumed..];
        }
    }

    /// <summary>The same bytes cut into segments whose sizes come from the input itself.</summary>
    private static Outcome ReadSegmented(ReadOnlySpan<byte> data)
    {
        var buffer = Segments.Build(data);
        var parser = new InstructionParser();
        var outcome = new Outcome();
        while (true)
        {
            long before = buffer.Length;
            var result = parser.TryRead(ref buffer, out var instruction);
            if (result != ParseResult.Complete)
            {
                if (buffer.Length != before)
                {
                    throw new FuzzInvariantException("an incomplete read moved the buffer");
                }

                return outcome.Finish(result, parser, 0);
            }

            if (before - buffer.Length != instruction.Raw.Length)
            {
                throw new FuzzInvariantException("sequence advanced by a different length than the instruction");
            }

            outcome.Add(instruction);
        }
    }

    /// <summary>The bytes as a pipe might deliver them: one more byte per call, same start.</summary>
    private static Outcome ReadGrowing(ReadOnlySpan<byte> data)
    {
        var parser = new InstructionParser();
        var outcome = new Outcome();
        int start = 0;
        for (int end = 0; end <= data.Length; end++)
        {
            while (true)
            {
                var result = parser.TryRead(data[start..end], out var instruction, out int consumed);
                if (result == ParseResult.Complete)
                {
                    outcome.Add(instruction);
                    start += consumed;
                    continue;
                }

                if (consumed != 0)
                {
                    throw new FuzzInvariantException("an incomplete read reported consumed bytes");
                }

                if (result == ParseResult.Error)
                {
                    return outcome.Finish(result, parser, 0);
                }

                break;
            }
        }

        return outcome.Finish(ParseResult.NeedMoreData, parser, 0);
    }

    private static void CheckReencoding(InstructionView instruction)
    {
        var owned = instruction.ToInstruction();
        byte[] encoded = owned.ToBytes();
        var parser = new InstructionParser();
        if (parser.TryRead(encoded, out var again, out int consumed) != ParseResult.Complete
            || consumed != encoded.Length
            || !again.ToInstruction().Equals(owned))
        {
            throw new FuzzInvariantException("a parsed instruction does not survive re-encoding");
        }
    }

    private static void Drive(ServerHandshake handshake, InstructionView instruction, ArrayBufferWriter<byte> output)
    {
        if (handshake.Phase is HandshakePhase.Completed or HandshakePhase.Failed)
        {
            return;
        }

        switch (handshake.Receive(instruction))
        {
            case HandshakeEvent.Selected:
                if (string.IsNullOrEmpty(handshake.Selected) || handshake.Phase != HandshakePhase.Selected)
                {
                    throw new FuzzInvariantException("selected without a selection");
                }

                output.ResetWrittenCount();
                handshake.WriteArgs(output, Parameters);
                break;

            case HandshakeEvent.Completed:
                var client = handshake.Client;
                if (handshake.Arguments.Count != Parameters.Length
                    || client.Width is < 1 or > ClientInfo.MaxDimension
                    || client.Height is < 1 or > ClientInfo.MaxDimension
                    || client.ImageMimetypes.Count > ServerHandshake.MaxMimetypes
                    || client.AudioMimetypes.Count > ServerHandshake.MaxMimetypes
                    || client.VideoMimetypes.Count > ServerHandshake.MaxMimetypes
                    || handshake.HasTimedOut(long.MaxValue))
                {
                    throw new FuzzInvariantException("completed handshake is inconsistent");
                }

                break;

            case HandshakeEvent.Failed:
                if (handshake.Error is null || handshake.Phase != HandshakePhase.Failed)
                {
                    throw new FuzzInvariantException("failed handshake without an error");
                }

                break;

            default:
                break;
        }
    }

    private static void Expect(Outcome expected, Outcome actual, string how)
    {
        if (!expected.Equals(actual))
        {
            throw new FuzzInvariantException($"{how} parse disagrees: {expected} vs {actual}");
        }
    }
}
