using Gateway.Fuzz;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Replays the committed seed corpus (and any saved crashes) of every decoder fuzz target.</summary>
public sealed class DecoderFuzzCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "fuzz");

    public static IEnumerable<object[]> Names => VncDecoderFuzzTarget.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Names))]
    public void Seed_corpus_and_crashes_replay_cleanly(string name)
    {
        var corpus = Path.Combine(Root, "corpus-vnc", name);
        Assert.True(Directory.Exists(corpus), $"no seed corpus for {name} at {corpus}");
        var files = Directory.GetFiles(corpus).ToList();
        Assert.NotEmpty(files);
        var crashes = Path.Combine(Root, "crashes-vnc", name);
        if (Directory.Exists(crashes))
        {
            files.AddRange(Directory.GetFiles(crashes));
        }

        foreach (var file in files)
        {
            VncDecoderFuzzTarget.Run(name, File.ReadAllBytes(file));
        }
    }

    /// <summary>Regenerates the seed corpus from the golden vectors when GATEWAY_WRITE_VNC_CORPUS names the corpus-vnc folder.</summary>
    [Fact]
    public void Seed_corpus_can_be_regenerated_from_the_golden_vectors()
    {
        string? target = Environment.GetEnvironmentVariable("GATEWAY_WRITE_VNC_CORPUS");
        var formats = VncDecoderFuzzTarget.Formats.ToList();
        int written = 0;
        foreach (var c in GoldenCases.Cases)
        {
            int format = formats.IndexOf(c.Format);
            if (format < 0 || c.Width > VncDecoderFuzzTarget.FramebufferSize || c.Height > VncDecoderFuzzTarget.FramebufferSize)
            {
                continue;
            }

            var (header, payload) = c.Rects[0];
            string name = VncDecoderFuzzTarget.Names.First(n => VncDecoderFuzzTarget.Create(n).Encoding == header.Encoding);
            var input = VncDecoderFuzzTarget.Input(format | (c.Swap ? 0x80 : 0), header.X, header.Y, header.Width, header.Height, payload);
            Assert.NotNull(VncDecoderFuzzTarget.Run(name, input));
            if (target is not null)
            {
                Directory.CreateDirectory(Path.Combine(target, name));
                File.WriteAllBytes(Path.Combine(target, name, c.Name), input);
            }

            written++;
        }

        Assert.True(written >= VncDecoderFuzzTarget.Names.Count);
    }
}
