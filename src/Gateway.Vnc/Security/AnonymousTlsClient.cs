using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Vnc.Security;

/// <summary>
/// BouncyCastle TLS 1.2 client offering only anonymous (EC)DH cipher suites, which VeNCrypt's TLSNone, TLSVnc and
/// TLSPlain use (TigerVNC's GnuTLS "ANON-ECDH:ANON-DH"). OpenSSL 3 behind SslStream refuses these suites.
/// </summary>
internal sealed class AnonymousTlsClient : DefaultTlsClient
{
    private static readonly int[] Suites =
    [
        CipherSuite.TLS_ECDH_anon_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDH_anon_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_DH_anon_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DH_anon_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_DH_anon_WITH_AES_256_CBC_SHA256,
        CipherSuite.TLS_DH_anon_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_DH_anon_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DH_anon_WITH_AES_128_CBC_SHA,
    ];

    public AnonymousTlsClient()
        : base(new BcTlsCrypto())
    {
    }

    public override TlsAuthentication GetAuthentication() => new NoAuthentication();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, Suites);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

    /// <summary>Anonymous suites carry no certificate; one arriving anyway is refused.</summary>
    private sealed class NoAuthentication : TlsAuthentication
    {
        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;

        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            throw new TlsFatalAlert(AlertDescription.unexpected_message);
    }
}
