namespace Gateway.Vnc.Security;

/// <summary>Which TLS a VeNCrypt subtype asks for.</summary>
public enum TlsKind
{
    /// <summary>Anonymous Diffie-Hellman TLS with no certificate (TLSNone, TLSVnc, TLSPlain).</summary>
    Anonymous,

    /// <summary>Certificate-authenticated TLS (X509None, X509Vnc, X509Plain).</summary>
    X509,
}
