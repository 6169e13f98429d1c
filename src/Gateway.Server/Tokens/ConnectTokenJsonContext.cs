using System.Text.Json.Serialization;

namespace Gateway.Server.Tokens;

/// <summary>
/// Source-generated JSON for <see cref="ConnectTokenPayload"/>. Strict on read: unknown members,
/// duplicate members and missing required members are errors, so a token means exactly one thing.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    MaxDepth = 4)]
[JsonSerializable(typeof(ConnectTokenPayload))]
internal sealed partial class ConnectTokenJsonContext : JsonSerializerContext
{
}
