using FsCheck.Xunit;
using Gateway.Fuzz;
using Gateway.Vnc.Encodings;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Any bytes give Complete, NeedMoreData or an RfbProtocolException, and every way of feeding them agrees.</summary>
public sealed class DecoderPropertyTests
{
    [Property(MaxTest = 1000)]
    public void Any_bytes_give_a_status_or_a_protocol_error(byte which, byte format, byte x, byte y, byte width, byte height, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        string name = VncDecoderFuzzTarget.Names[which % VncDecoderFuzzTarget.Names.Count];
        var input = VncDecoderFuzzTarget.Input(format, x % 64, y % 64, width % 48, height % 48, payload);
        var status = VncDecoderFuzzTarget.Run(name, input);
        Assert.True(status is null or DecodeStatus.Complete or DecodeStatus.NeedMoreData);
    }

    [Property(MaxTest = 300)]
    public void Mutated_golden_vectors_give_a_status_or_a_protocol_error(int seed)
    {
        // Flip bytes of real payloads: reaches far deeper into each decoder than random bytes.
        var random = new Random(seed);
        var cases = GoldenCases.Cases.Where(c => c.Width <= VncDecoderFuzzTarget.FramebufferSize && c.Height <= VncDecoderFuzzTarget.FramebufferSize).ToArray();
        var c = cases[random.Next(cases.Length)];
        var (header, payload) = c.Rects[0];
        var mutated = (byte[])payload.Clone();
        for (int i = random.Next(1, 4); i > 0 && mutated.Length > 0; i--)
        {
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
        }

        string name = VncDecoderFuzzTarget.Names.First(n => VncDecoderFuzzTarget.Create(n).Encoding == header.Encoding);
        int format = Math.Max(0, VncDecoderFuzzTarget.Formats.ToList().IndexOf(c.Format));
        VncDecoderFuzzTarget.Run(name, VncDecoderFuzzTarget.Input(format, header.X, header.Y, header.Width, header.Height, mutated));
    }
}
