using System.Buffers;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>Random server bytes after each security type is chosen: Advance returns steps, never throws.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<byte> Types => new() { 1, 2, 5, 6, 19, 30, 129, 130 };

    [Theory]
    [MemberData(nameof(Types))]
    public void RandomBytesAfterChoosingType_NeverThrow(byte type)
    {
        var random = new Random(type);
        for (int run = 0; run < 200; run++)
        {
            byte[] tail = new byte[random.Next(0, 600)];
            random.NextBytes(tail);
            if (type == 5 || type == 6 || type == 129 || type == 130)
            {
                // A plausible key size half the time, so the parser gets past the first field.
                if (run % 2 == 0 && tail.Length >= 4)
                {
                    tail[0] = 0;
                    tail[1] = 0;
                    tail[2] = 4;
                    tail[3] = 0;
                }
            }
            else if (type == 19 && run % 2 == 0 && tail.Length >= 4)
            {
                tail[0] = 0;
                tail[1] = 2;
                tail[2] = 0;
            }

            byte[] server = [.. "RFB 003.008\n"u8, 1, type, .. tail];
            var options = new RfbHandshakeOptions
            {
                Username = "u",
                Password = "p",
                Random = Transcript.DeterministicRandom(run),
                AllowedSecurityTypes = [(SecurityType)type],
                Ra2ClientKey = _ => throw new InvalidOperationException("a real key is not needed when the server key is junk"),
            };
            var handshake = new RfbHandshake(options);
            var output = new ArrayBufferWriter<byte>();
            byte[] pending = [];
            foreach (byte b in server)
            {
                pending = [.. pending, b];
                var input = new ReadOnlySequence<byte>(pending);
                HandshakeStep step;
                try
                {
                    step = handshake.Advance(ref input, output);
                }
                catch (InvalidOperationException ex) when (ex.Message.StartsWith("a real key", StringComparison.Ordinal))
                {
                    // A random modulus passed the checks: the injected key factory was reached, which is fine.
                    break;
                }

                pending = input.ToArray();
                if (step.Kind == HandshakeStepKind.StartTls)
                {
                    handshake.TlsEstablished();
                }
                else if (step.Kind is HandshakeStepKind.Failed or HandshakeStepKind.Complete)
                {
                    break;
                }
            }
        }
    }
}
