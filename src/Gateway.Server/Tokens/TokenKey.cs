using System.Security.Cryptography;
using System.Text;

namespace Gateway.Server.Tokens;

/// <summary>
/// Finds the 32-byte key that seals connect tokens: the configured <c>Gateway:Tokens:Key</c>, or
/// else <c>token.key</c> in the data directory, created with random bytes (mode 0600) when missing.
/// </summary>
public static class TokenKey
{
    public const string SettingName = "Gateway:Tokens:Key";

    public const string FileName = "token.key";

    // Base64 of 32 bytes is 44 characters; leave room for line endings and stray whitespace.
    private const int MaxFileBytes = 1024;

    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode DirectoryMode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Returns the key bytes.</summary>
    /// <param name="configuredKey">The value of <c>Gateway:Tokens:Key</c>, or null/empty when unset.</param>
    /// <param name="dataDirectory">Where <c>token.key</c> lives when no key is configured.</param>
    /// <exception cref="TokenKeyException">The setting or the file is unusable.</exception>
    public static byte[] Load(string? configuredKey, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            return Decode(configuredKey)
                ?? throw new TokenKeyException(
                    $"setting {SettingName} must be the base64 encoding of exactly {ConnectTokenService.KeySize} bytes (for example the output of 'openssl rand -base64 32')");
        }

        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new TokenKeyException($"setting {SettingName} is unset and no data directory was given for {FileName}");
        }

        string path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        try
        {
            return File.Exists(path) ? ReadKeyFile(path) : CreateKeyFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenKeyException($"token key file '{path}' could not be read or created: {e.GetType().Name}", e);
        }
    }

    private static byte[] ReadKeyFile(string path)
    {
        byte[] raw = new byte[MaxFileBytes + 1];
        int length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            length = stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        }

        try
        {
            byte[]? key = length <= MaxFileBytes ? Decode(Encoding.ASCII.GetString(raw, 0, length)) : null;
            return key ?? throw new TokenKeyException(
                $"token key file '{path}' must hold the base64 encoding of exactly {ConnectTokenService.KeySize} bytes; fix it, or delete it to have a new key made (outstanding tokens then stop working)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static byte[] CreateKeyFile(string path)
    {
        string directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, DirectoryMode0700);
        }

        byte[] key = RandomNumberGenerator.GetBytes(ConnectTokenService.KeySize);
        byte[] text = Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n");

        // Write a private temporary file, then move it into place without overwriting, so the key
        // file is never seen half-written or with loose permissions, and two processes starting at
        // once agree on one key.
        string temporary = Path.Combine(directory, $".{FileName}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode0600;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The umask can only remove bits; set the mode outright anyway.
                File.SetUnixFileMode(temporary, FileMode0600);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the key first; use theirs.
                CryptographicOperations.ZeroMemory(key);
                return ReadKeyFile(path);
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static byte[]? Decode(string base64)
    {
        Span<byte> buffer = stackalloc byte[ConnectTokenService.KeySize + 3];
        try
        {
            return Convert.TryFromBase64String(base64.Trim(), buffer, out int written) && written == ConnectTokenService.KeySize
                ? buffer[..written].ToArray()
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
