namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Every golden vector decodes to its expected pixels, fed whole, in any two-way split, and byte by byte.</summary>
public sealed class GoldenTests
{
    public static IEnumerable<object[]> Names => GoldenCases.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Decodes_whole(string name)
    {
        var c = GoldenCases.Get(name);
        var context = c.NewContext();
        var sink = c.NewSink();
        var decoder = c.Create();
        foreach (var (header, payload) in c.Rects)
        {
            Harness.Whole(decoder, header, payload, context, sink);
        }

        c.Verify(sink);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_two_way_split_gives_the_same_pixels(string name)
    {
        var c = GoldenCases.Get(name);
        int longest = c.Rects.Max(r => r.Payload.Length);
        for (int split = 0; split <= longest; split++)
        {
            var context = c.NewContext();
            var sink = c.NewSink();
            var decoder = c.Create();
            foreach (var (header, payload) in c.Rects)
            {
                Harness.Split(decoder, header, payload, Math.Min(split, payload.Length), context, sink);
            }

            c.Verify(sink);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Byte_at_a_time_gives_the_same_pixels(string name)
    {
        var c = GoldenCases.Get(name);
        var context = c.NewContext();
        var sink = c.NewSink();
        var decoder = c.Create();
        foreach (var (header, payload) in c.Rects)
        {
            Harness.Bytewise(decoder, header, payload, context, sink);
        }

        c.Verify(sink);
    }
}
