using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Gateway.Bench;

/// <summary>
/// Mints connect tokens in the documented format (docs/TOKENS.md): AES-256-GCM over the payload JSON with the
/// associated data <c>gateway-connect-token-v1</c>, laid out as 0x01 | nonce | ciphertext | tag in unpadded base64url.
/// The key is made here and handed to the gateway process as <c>Gateway:Tokens:Key</c>.
/// </summary>
internal sealed class TokenMinter
{
    private static readonly byte[] AssociatedData = "gateway-connect-token-v1"u8.ToArray();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The key as the gateway's setting wants it (standard base64).</summary>
    public string KeyBase64 => Convert.ToBase64String(_key);

    public string Mint(string protocol, IReadOnlyDictionary<string, string> parameters)
    {
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteString("id", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
            w.WriteNumber("exp", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
            w.WriteString("name", "bench");
            w.WriteString("protocol", protocol);
            w.WriteStartObject("params");
            foreach (var (name, value) in parameters)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        byte[] plaintext = json.ToArray();
        byte[] sealedToken = new byte[1 + 12 + plaintext.Length + 16];
        sealedToken[0] = 0x01;
        var nonce = sealedToken.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_key, 16);
        gcm.Encrypt(nonce, plaintext, sealedToken.AsSpan(13, plaintext.Length), sealedToken.AsSpan(13 + plaintext.Length, 16), AssociatedData);
        return Base64Url.EncodeToString(sealedToken);
    }
}
