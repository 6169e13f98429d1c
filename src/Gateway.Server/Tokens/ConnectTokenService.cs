using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Gateway.Server.Tokens;

/// <summary>
/// Seals and opens connect tokens with AES-256-GCM.
/// <para>
/// Wire format: <c>base64url(version 0x01 | 12-byte nonce | ciphertext | 16-byte tag)</c> without
/// padding; the associated data is the ASCII string <c>gateway-connect-token-v1</c>; the plaintext is
/// the UTF-8 JSON payload described in docs/TOKENS.md.
/// </para>
/// <para>
/// <see cref="Open"/> treats its input as hostile: it bounds the length before decoding, never throws
/// and reports failures as <see cref="ConnectTokenFailure"/> values. Each token opens once.
/// </para>
/// </summary>
public sealed class ConnectTokenService
{
    /// <summary>Longest token accepted, in characters.</summary>
    public const int MaxTokenLength = 16 * 1024;

    public const int KeySize = 32;

    internal const byte FormatVersion = 0x01;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int HeaderSize = 1 + NonceSize;

    // The shortest payload, "{}", is two bytes; anything shorter cannot be a token.
    private const int MinSealedSize = HeaderSize + 2 + TagSize;

    /// <summary>How far past its expiry a token is still accepted, for clocks that disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds() - (long)ClockSkew.TotalSeconds;

    private readonly byte[] _key;
    private readonly ITokenReplayCache _replayCache;
    private readonly TimeProvider _timeProvider;

    public ConnectTokenService(ReadOnlySpan<byte> key, ITokenReplayCache replayCache, TimeProvider timeProvider)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"the token key must be {KeySize} bytes", nameof(key));
        }

        ArgumentNullException.ThrowIfNull(replayCache);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _key = key.ToArray();
        _replayCache = replayCache;
        _timeProvider = timeProvider;
    }

    /// <summary>The ASCII associated data bound into every seal.</summary>
    internal static ReadOnlySpan<byte> AssociatedData => "gateway-connect-token-v1"u8;

    /// <summary>Seals <paramref name="token"/> with a fresh random nonce.</summary>
    /// <exception cref="ArgumentException">The token is invalid or would exceed <see cref="MaxTokenLength"/>.</exception>
    public string Mint(ConnectToken token)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Mint(token, nonce);
    }

    /// <summary>Seals with a caller-chosen nonce. Only for test vectors: a repeated nonce breaks GCM.</summary>
    internal string Mint(ConnectToken token, ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"the nonce must be {NonceSize} bytes", nameof(nonce));
        }

        string? invalid = token.Validate();
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(token));
        }

        byte[] plaintext = JsonSerializer.SerializeToUtf8Bytes(ToPayload(token), ConnectTokenJsonContext.Default.ConnectTokenPayload);
        try
        {
            if (Base64Url.GetEncodedLength(HeaderSize + plaintext.Length + TagSize) > MaxTokenLength)
            {
                throw new ArgumentException($"the token would be longer than {MaxTokenLength} characters", nameof(token));
            }

            byte[] sealedBytes = new byte[HeaderSize + plaintext.Length + TagSize];
            sealedBytes[0] = FormatVersion;
            nonce.CopyTo(sealedBytes.AsSpan(1, NonceSize));
            using (var aes = new AesGcm(_key, TagSize))
            {
                aes.Encrypt(
                    nonce,
                    plaintext,
                    sealedBytes.AsSpan(HeaderSize, plaintext.Length),
                    sealedBytes.AsSpan(HeaderSize + plaintext.Length, TagSize),
                    AssociatedData);
            }

            return Base64Url.EncodeToString(sealedBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Verifies, decrypts and checks a token, then marks its id used. Never throws for any input.
    /// </summary>
    public ConnectTokenOpenResult Open(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !IsCanonicalBase64Url(token))
        {
            return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Malformed);
        }

        // Length is bounded above, so this buffer is at most 12 KiB.
        byte[] sealedBytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (!Base64Url.TryDecodeFromChars(token, sealedBytes, out int sealedLength)
            || sealedLength < MinSealedSize
            || sealedBytes[0] != FormatVersion)
        {
            return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Malformed);
        }

        ReadOnlySpan<byte> nonce = sealedBytes.AsSpan(1, NonceSize);
        int ciphertextLength = sealedLength - HeaderSize - TagSize;
        ReadOnlySpan<byte> ciphertext = sealedBytes.AsSpan(HeaderSize, ciphertextLength);
        ReadOnlySpan<byte> tag = sealedBytes.AsSpan(HeaderSize + ciphertextLength, TagSize);

        byte[] plaintext = new byte[ciphertextLength];
        ConnectTokenPayload? payload;
        try
        {
            try
            {
                using var aes = new AesGcm(_key, TagSize);
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData);
            }
            catch (CryptographicException)
            {
                // AuthenticationTagMismatchException derives from CryptographicException.
                return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Forged);
            }

            try
            {
                payload = JsonSerializer.Deserialize(plaintext, ConnectTokenJsonContext.Default.ConnectTokenPayload);
            }
            catch (JsonException)
            {
                return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Malformed);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        ConnectToken? opened = FromPayload(payload);
        if (opened is null || opened.Validate() is not null)
        {
            return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Malformed);
        }

        DateTimeOffset rememberUntil = opened.ExpiresAt + ClockSkew;
        if (_timeProvider.GetUtcNow() > rememberUntil)
        {
            return ConnectTokenOpenResult.Fail(ConnectTokenFailure.Expired);
        }

        return _replayCache.TryUse(opened.Id, rememberUntil) switch
        {
            TokenReplayResult.Accepted => ConnectTokenOpenResult.Success(opened),
            TokenReplayResult.Reused => ConnectTokenOpenResult.Fail(ConnectTokenFailure.Reused),
            TokenReplayResult.Expired => ConnectTokenOpenResult.Fail(ConnectTokenFailure.Expired),
            _ => ConnectTokenOpenResult.Fail(ConnectTokenFailure.ReplayCacheFull),
        };
    }

    /// <summary>
    /// Only the base64url alphabet, no padding, a possible length, and zero bits after the last
    /// byte, so every token has exactly one spelling.
    /// </summary>
    private static bool IsCanonicalBase64Url(string token)
    {
        int remainder = token.Length % 4;
        if (remainder == 1)
        {
            return false;
        }

        int last = -1;
        foreach (char c in token)
        {
            last = SextetOf(c);
            if (last < 0)
            {
                return false;
            }
        }

        // Two trailing characters carry one byte (4 spare bits), three carry two bytes (2 spare bits).
        return remainder switch
        {
            2 => (last & 0x0F) == 0,
            3 => (last & 0x03) == 0,
            _ => true,
        };
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };

    private static ConnectTokenPayload ToPayload(ConnectToken token) => new()
    {
        Version = ConnectTokenPayload.CurrentVersion,
        Id = token.Id,
        Expires = token.ExpiresAt.ToUnixTimeSeconds(),
        Name = token.DisplayName,
        Connection = token.ConnectionId,
        Protocol = token.Protocol,
        // Sorted so that the same token always serialises to the same bytes.
        Parameters = token.Parameters is null
            ? null
            : new SortedDictionary<string, string>(token.Parameters.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
        ReadOnly = token.ReadOnly,
        Join = token.Join,
    };

    private static ConnectToken? FromPayload(ConnectTokenPayload? payload)
    {
        if (payload is null
            || payload.Version != ConnectTokenPayload.CurrentVersion
            || payload.Id is null
            || payload.Expires < MinUnixSeconds
            || payload.Expires > MaxUnixSeconds)
        {
            return null;
        }

        Dictionary<string, string>? parameters = null;
        if (payload.Parameters is not null)
        {
            parameters = new Dictionary<string, string>(payload.Parameters.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in payload.Parameters)
            {
                parameters[pair.Key] = pair.Value;
            }
        }

        return new ConnectToken
        {
            Id = payload.Id,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Expires),
            DisplayName = payload.Name,
            ConnectionId = payload.Connection,
            Protocol = payload.Protocol,
            Parameters = parameters,
            ReadOnly = payload.ReadOnly,
            Join = payload.Join,
        };
    }
}
