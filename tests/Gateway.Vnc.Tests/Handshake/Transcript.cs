using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>
/// Feeds recorded server bytes to an <see cref="RfbHandshake"/> in a chosen chunking and collects the client bytes,
/// answering StartTls (the "TLS stream" is just the rest of the bytes) and NeedCredentials on the way.
/// </summary>
internal static class Transcript
{
    public enum Feeding
    {
        Whole,
        ByteAtATime,
    }

    public sealed record Result(HandshakeStep Final, byte[] Client, IReadOnlyList<HandshakeStep> Steps, RfbHandshake Handshake);

    /// <summary>Runs with every feeding (whole, byte at a time, every two-way split) and asserts they agree; returns the whole-feed result.</summary>
    public static Result RunAllWays(RfbHandshakeOptions options, byte[] server, (string? User, string? Password)? prompt = null) =>
        RunAllWays(() => options, server, prompt);

    /// <summary>As above, with fresh options (and so fresh injected randomness) for every run.</summary>
    public static Result RunAllWays(Func<RfbHandshakeOptions> options, byte[] server, (string? User, string? Password)? prompt = null, int splits = 64)
    {
        Result whole = Run(options(), server, [server.Length], prompt);
        Result bytes = Run(options(), server, Enumerable.Repeat(1, server.Length).ToArray(), prompt);
        AssertSame(whole, bytes);
        int step = Math.Max(1, server.Length / splits);
        for (int split = 1; split < server.Length; split += step)
        {
            AssertSame(whole, Run(options(), server, [split, server.Length - split], prompt));
        }

        return whole;
    }

    /// <summary>Runs once, feeding chunks of the given sizes (the sum may be less than the data: the rest is never sent).</summary>
    public static Result Run(RfbHandshakeOptions options, byte[] server, int[] chunks, (string? User, string? Password)? prompt = null)
    {
        var handshake = new RfbHandshake(options);
        var output = new ArrayBufferWriter<byte>();
        var steps = new List<HandshakeStep>();
        byte[] pending = [];
        int offset = 0;
        int chunk = 0;
        while (true)
        {
            var input = new ReadOnlySequence<byte>(pending);
            HandshakeStep result = handshake.Advance(ref input, output);
            pending = input.ToArray();
            if (result.Kind != HandshakeStepKind.NeedMoreData)
            {
                steps.Add(result);
            }

            switch (result.Kind)
            {
                case HandshakeStepKind.NeedMoreData:
                    if (chunk == chunks.Length)
                    {
                        return new Result(result, output.WrittenSpan.ToArray(), steps, handshake);
                    }

                    int size = chunks[chunk++];
                    pending = [.. pending, .. server.AsSpan(offset, size)];
                    offset += size;
                    break;
                case HandshakeStepKind.StartTls:
                    handshake.TlsEstablished();
                    break;
                case HandshakeStepKind.NeedCredentials:
                    Assert.NotNull(prompt);
                    handshake.ProvideCredentials(prompt.Value.User, prompt.Value.Password);
                    break;
                default:
                    if (result.Kind == HandshakeStepKind.Complete)
                    {
                        Assert.Empty(pending);
                        Assert.Equal(server.Length, offset);
                    }

                    return new Result(result, output.WrittenSpan.ToArray(), steps, handshake);
            }
        }
    }

    private static void AssertSame(Result expected, Result actual)
    {
        Assert.Equal(expected.Final.ToString(), actual.Final.ToString());
        Assert.Equal(Convert.ToHexString(expected.Client), Convert.ToHexString(actual.Client));
        Assert.Equal(expected.Steps.Select(s => s.ToString()), actual.Steps.Select(s => s.ToString()));
        Assert.Equal(expected.Final.ServerInit, actual.Final.ServerInit);
    }

    /// <summary>Bytes of a U32 big-endian.</summary>
    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>A U32 length and the ASCII text.</summary>
    public static byte[] Text(string text) => [.. U32((uint)text.Length), .. Encoding.ASCII.GetBytes(text)];

    /// <summary>ServerInit for a 1024x768 32 bpp desktop called <paramref name="name"/>.</summary>
    public static byte[] ServerInit(string name = "desk")
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, 1024);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 768);
        PixelFormat.Bgrx32.Write(header.AsSpan(4));
        return [.. header, .. Text(name)];
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A reproducible "random" source: SHA-256 of a counter, stretched.</summary>
    public static RandomFill DeterministicRandom(int seed = 0)
    {
        int counter = seed * 1_000_000;
        return destination =>
        {
            int done = 0;
            while (done < destination.Length)
            {
                byte[] block = SHA256.HashData(BitConverter.GetBytes(counter++));
                int n = Math.Min(block.Length, destination.Length - done);
                block.AsSpan(0, n).CopyTo(destination[done..]);
                done += n;
            }
        };
    }
}
