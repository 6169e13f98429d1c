using System.Text.Json.Serialization;

namespace Gateway.Server.Tokens;

/// <summary>
/// The JSON plaintext inside a sealed token. Property order here is the order written, which the
/// golden test vector in docs/TOKENS.md depends on.
/// </summary>
internal sealed class ConnectTokenPayload
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("v")]
    [JsonRequired]
    public int Version { get; set; }

    [JsonPropertyName("id")]
    [JsonRequired]
    public string? Id { get; set; }

    /// <summary>Expiry in Unix seconds.</summary>
    [JsonPropertyName("exp")]
    [JsonRequired]
    public long Expires { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("connection")]
    public string? Connection { get; set; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    [JsonPropertyName("params")]
    public IDictionary<string, string>? Parameters { get; set; }

    [JsonPropertyName("readOnly")]
    public bool ReadOnly { get; set; }

    [JsonPropertyName("join")]
    public string? Join { get; set; }
}
