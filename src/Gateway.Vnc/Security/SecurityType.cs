namespace Gateway.Vnc.Security;

/// <summary>
/// RFC 6143 7.1.2 security types (one byte on the wire) and the registered extensions this client speaks.
/// </summary>
public enum SecurityType : byte
{
    /// <summary>0: the server refuses the connection (a reason string follows).</summary>
    Invalid = 0,

    /// <summary>1: no authentication (RFC 6143 7.2.1).</summary>
    None = 1,

    /// <summary>2: VNC Authentication, DES challenge and response (RFC 6143 7.2.2).</summary>
    VncAuthentication = 2,

    /// <summary>5: RealVNC's RSA-AES (RA2), AES-128-EAX over the whole session.</summary>
    Ra2 = 5,

    /// <summary>6: RSA-AES without session encryption (RA2ne): only the credentials are encrypted.</summary>
    Ra2ne = 6,

    /// <summary>19: VeNCrypt (TLS and X.509 wrappers, Plain username/password).</summary>
    VeNCrypt = 19,

    /// <summary>30: Apple Remote Desktop (Diffie-Hellman, AES-128 over username and password).</summary>
    AppleRemoteDesktop = 30,

    /// <summary>129: RSA-AES with AES-256-EAX and SHA-256 (RA2_256).</summary>
    Ra2With256 = 129,

    /// <summary>130: RSA-AES-256 without session encryption (RA2ne_256).</summary>
    Ra2neWith256 = 130,
}
