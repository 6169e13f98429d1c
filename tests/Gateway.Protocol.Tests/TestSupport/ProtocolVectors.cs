using System.Text;
using System.Text.Json;

namespace Gateway.Protocol.Tests.TestSupport;

/// <summary>
/// Loads the language-neutral golden vectors from <c>tests/fixtures/protocol-vectors.json</c>
/// (copied next to the test assembly).
/// </summary>
public static class ProtocolVectors
{
    private static readonly Lazy<(IReadOnlyList<ValidVector> Valid, IReadOnlyList<InvalidVector> Invalid)> Loaded =
        new(Load);

    public static IReadOnlyList<ValidVector> Valid => Loaded.Value.Valid;

    public static IReadOnlyList<InvalidVector> Invalid => Loaded.Value.Invalid;

    public static TheoryData<string> ValidNames => ToTheoryData(Valid.Select(v => v.Name));

    public static TheoryData<string> InvalidNames => ToTheoryData(Invalid.Select(v => v.Name));

    public static ValidVector GetValid(string name) => Valid.Single(v => v.Name == name);

    public static InvalidVector GetInvalid(string name) => Invalid.Single(v => v.Name == name);

    /// <summary>Maps a protocol status name such as <c>CLIENT_OVERRUN</c> to the enum.</summary>
    public static GuacamoleStatus ParseStatus(string name) =>
        Enum.GetValues<GuacamoleStatus>().Single(s => s.ToProtocolName() == name);

    private static TheoryData<string> ToTheoryData(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }

    private static (IReadOnlyList<ValidVector>, IReadOnlyList<InvalidVector>) Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "protocol-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;

        var valid = new List<ValidVector>();
        foreach (var item in root.GetProperty("valid").EnumerateArray())
        {
            byte[] wire = Encoding.UTF8.GetBytes(item.GetProperty("wire").GetString()!);
            byte[] canonical = item.TryGetProperty("canonical", out var c)
                ? Encoding.UTF8.GetBytes(c.GetString()!)
                : wire;
            valid.Add(new ValidVector(
                item.GetProperty("name").GetString()!,
                wire,
                item.GetProperty("opcode").GetString()!,
                [.. item.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)],
                canonical));
        }

        var invalid = new List<InvalidVector>();
        foreach (var item in root.GetProperty("invalid").EnumerateArray())
        {
            byte[] wire = item.TryGetProperty("wireBase64", out var b64)
                ? Convert.FromBase64String(b64.GetString()!)
                : Encoding.UTF8.GetBytes(item.GetProperty("wire").GetString()!);
            invalid.Add(new InvalidVector(
                item.GetProperty("name").GetString()!,
                wire,
                ParseStatus(item.GetProperty("status").GetString()!),
                item.TryGetProperty("completeBefore", out var before) ? before.GetInt32() : 0));
        }

        EnsureUnique(valid.Select(v => v.Name).Concat(invalid.Select(v => v.Name)));
        return (valid, invalid);
    }

    private static void EnsureUnique(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw new InvalidDataException($"duplicate vector name '{name}'");
            }
        }
    }
}
