using Gateway.Fuzz;

namespace Gateway.Protocol.Tests.Fuzz;

/// <summary>
/// Replays every committed fuzz input (tests/Gateway.Fuzz/corpus and, when AFL found any,
/// tests/Gateway.Fuzz/crashes) through the same target the fuzzer runs.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static readonly string FuzzDirectory = Path.Combine(AppContext.BaseDirectory, "fuzz");

    public static TheoryData<string> Inputs
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var input in InputNames())
            {
                data.Add(input);
            }

            return data;
        }
    }

    [Fact]
    public void Seed_corpus_is_present()
    {
        // A missing corpus must fail loudly rather than replay nothing.
        Assert.True(InputNames().Count(i => i.StartsWith("corpus/", StringComparison.Ordinal)) >= 10, $"expected the seed corpus under {FuzzDirectory}");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Fuzz_input_replays_without_an_unexpected_exception(string input)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(FuzzDirectory, input));

        ProtocolFuzzTarget.Run(data);
    }

    [Fact]
    public void Every_prefix_of_every_seed_replays()
    {
        foreach (var input in InputNames().Where(i => i.StartsWith("corpus/", StringComparison.Ordinal)))
        {
            byte[] data = File.ReadAllBytes(Path.Combine(FuzzDirectory, input));
            for (int length = 0; length <= data.Length; length++)
            {
                ProtocolFuzzTarget.Run(data.AsSpan(0, length));
            }
        }
    }

    private static IEnumerable<string> InputNames()
    {
        foreach (var kind in new[] { "corpus", "crashes" })
        {
            string directory = Path.Combine(FuzzDirectory, kind);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                yield return $"{kind}/{Path.GetFileName(file)}";
            }
        }
    }
}
