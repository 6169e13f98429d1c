using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Gateway.Server.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Server.Tests.Tokens;

/// <summary>Keys, clocks and an independent sealer for the token tests.</summary>
internal static class TokenTestKit
{
    /// <summary>2029-01-01T00:00:00Z, a fixed start for fake clocks.</summary>
    public static readonly DateTimeOffset Start = new(2029, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Key { get; } = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static byte[] OtherKey { get; } = Enumerable.Range(0, 32).Select(i => (byte)(0xFF - i)).ToArray();

    public static FakeTimeProvider NewClock() => new(Start);

    public static ConnectTokenService NewService(TimeProvider clock, byte[]? key = null, int capacity = 1000) =>
        new(key ?? Key, new MemoryTokenReplayCache(clock, capacity), clock);

    public static ConnectToken InlineToken(TimeProvider clock, TimeSpan? ttl = null) => new()
    {
        Id = ConnectToken.NewId(),
        ExpiresAt = clock.GetUtcNow() + (ttl ?? TimeSpan.FromMinutes(5)),
        DisplayName = "Alice",
        Protocol = "vnc",
        Parameters = new Dictionary<string, string>
        {
            ["hostname"] = "127.0.0.1",
            ["port"] = "5901",
            ["password"] = "hunter2-secret",
        },
    };

    /// <summary>
    /// Seals arbitrary plaintext the way a portal would, written from the format description
    /// rather than through <see cref="ConnectTokenService"/>.
    /// </summary>
    public static string SealRaw(string json, byte[]? key = null, byte version = 0x01)
    {
        byte[] plaintext = Encoding.UTF8.GetBytes(json);
        byte[] nonce = RandomNumberGenerator.GetBytes(12);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using (var aes = new AesGcm(key ?? Key, 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, "gateway-connect-token-v1"u8);
        }

        return Base64Url.EncodeToString([version, .. nonce, .. ciphertext, .. tag]);
    }

    public static byte[] DecodeRaw(string token) => Base64Url.DecodeFromChars(token);

    public static string EncodeRaw(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
