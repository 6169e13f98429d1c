using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Tls;

namespace Gateway.Vnc.Security;

/// <summary>
/// Upgrades a connected stream to TLS for VeNCrypt (the driver calls this on
/// <see cref="Handshake.HandshakeStepKind.StartTls"/>). X509 kinds use <see cref="SslStream"/> with the checks of
/// <see cref="VncTlsOptions"/>; anonymous kinds use BouncyCastle's TLS 1.2 client with anonymous (EC)DH suites,
/// because OpenSSL 3 behind SslStream does not offer them.
/// </summary>
public static class VncTls
{
    /// <summary>
    /// Runs the TLS client handshake of <paramref name="kind"/> over <paramref name="inner"/> and returns the stream
    /// to read and write from now on (disposing it disposes <paramref name="inner"/>). A failed handshake or a
    /// refused certificate throws <see cref="AuthenticationException"/> with a message safe to show.
    /// </summary>
    public static async Task<Stream> UpgradeAsync(Stream inner, TlsKind kind, string host, VncTlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        if (kind == TlsKind.Anonymous)
        {
            try
            {
                return await BouncyTlsStream.ConnectAsync(inner, new AnonymousTlsClient(), cancellationToken).ConfigureAwait(false);
            }
            catch (TlsFatalAlert ex)
            {
                throw new AuthenticationException("anonymous tls handshake failed: " + AlertDescription.GetText(ex.AlertDescription), ex);
            }
            catch (TlsFatalAlertReceived ex)
            {
                throw new AuthenticationException("anonymous tls handshake failed: the server sent " + AlertDescription.GetText(ex.AlertDescription), ex);
            }
            catch (IOException ex)
            {
                throw new AuthenticationException("anonymous tls handshake failed: " + ex.Message, ex);
            }
        }

        X509Certificate2Collection? anchors = options.CaCertificatePath is { Length: > 0 } path
            ? LoadAnchors(path)
            : null;
        byte[]? pin = options.PinnedSha256Fingerprint is { Length: > 0 } text ? ParseFingerprint(text) : null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        Validate(certificate, errors, options.IgnoreCertificate, pin, anchors),
                },
                cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Parses a SHA-256 fingerprint written as hex, with or without ':' or '-' separators.</summary>
    public static byte[] ParseFingerprint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string hex = text.Replace(":", string.Empty, StringComparison.Ordinal)
            .Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 64)
        {
            throw new ArgumentException("a sha-256 fingerprint has 64 hex digits", nameof(text));
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("a sha-256 fingerprint has only hex digits", nameof(text), ex);
        }
    }

    /// <summary>SHA-256 of the certificate's DER, as lowercase hex pairs separated by ':'.</summary>
    public static string Fingerprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', SHA256.HashData(certificate.GetRawCertData()).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, bool ignore, byte[]? pin, X509Certificate2Collection? anchors)
    {
        if (ignore)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        if (pin is not null)
        {
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pin);
        }

        if (anchors is not null)
        {
            using var leaf = new X509Certificate2(certificate);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(leaf);
        }

        return errors == SslPolicyErrors.None;
    }

    private static X509Certificate2Collection LoadAnchors(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new AuthenticationException("the vnc ca certificate file cannot be read", ex);
        }

        if (collection.Count == 0)
        {
            throw new AuthenticationException("the vnc ca certificate file holds no certificate");
        }

        return collection;
    }
}
