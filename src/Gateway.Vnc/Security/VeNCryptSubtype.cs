namespace Gateway.Vnc.Security;

/// <summary>VeNCrypt 0.2 subtypes (a U32 each on the wire).</summary>
public enum VeNCryptSubtype : uint
{
    /// <summary>1: no authentication (same as security type None).</summary>
    None = 1,

    /// <summary>2: VNC Authentication (same as security type 2).</summary>
    VncAuthentication = 2,

    /// <summary>256: username and password in the clear.</summary>
    Plain = 256,

    /// <summary>257: anonymous TLS, then no authentication.</summary>
    TlsNone = 257,

    /// <summary>258: anonymous TLS, then VNC Authentication.</summary>
    TlsVnc = 258,

    /// <summary>259: anonymous TLS, then Plain.</summary>
    TlsPlain = 259,

    /// <summary>260: X.509 TLS, then no authentication.</summary>
    X509None = 260,

    /// <summary>261: X.509 TLS, then VNC Authentication.</summary>
    X509Vnc = 261,

    /// <summary>262: X.509 TLS, then Plain.</summary>
    X509Plain = 262,
}
