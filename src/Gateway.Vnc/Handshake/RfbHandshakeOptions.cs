using System.Security.Cryptography;
using Gateway.Vnc.Security;

namespace Gateway.Vnc.Handshake;

/// <summary>What the handshake needs from the connection's settings. Secrets here never reach a message or a log.</summary>
public sealed record RfbHandshakeOptions
{
    /// <summary>The preference order used when <see cref="AllowedSecurityTypes"/> is not given.</summary>
    public static IReadOnlyList<SecurityType> DefaultSecurityTypes { get; } =
    [
        SecurityType.VeNCrypt,
        SecurityType.Ra2With256,
        SecurityType.Ra2,
        SecurityType.Ra2neWith256,
        SecurityType.Ra2ne,
        SecurityType.AppleRemoteDesktop,
        SecurityType.VncAuthentication,
        SecurityType.None,
    ];

    /// <summary>The preference order of VeNCrypt subtypes used when <see cref="AllowedVeNCryptSubtypes"/> is not given.</summary>
    public static IReadOnlyList<VeNCryptSubtype> DefaultVeNCryptSubtypes { get; } =
    [
        VeNCryptSubtype.X509Plain,
        VeNCryptSubtype.X509Vnc,
        VeNCryptSubtype.X509None,
        VeNCryptSubtype.TlsPlain,
        VeNCryptSubtype.TlsVnc,
        VeNCryptSubtype.TlsNone,
        VeNCryptSubtype.Plain,
        VeNCryptSubtype.VncAuthentication,
        VeNCryptSubtype.None,
    ];

    /// <summary>Username (guacd <c>username</c>); null asks the owner when a type needs it.</summary>
    public string? Username { get; init; }

    /// <summary>Password (guacd <c>password</c>); null asks the owner when a type needs it.</summary>
    public string? Password { get; init; }

    /// <summary>ClientInit shared-flag: true lets other clients stay connected.</summary>
    public bool Shared { get; init; } = true;

    /// <summary>Security types we accept, most preferred first; the first one the server offers wins.</summary>
    public IReadOnlyList<SecurityType> AllowedSecurityTypes { get; init; } = DefaultSecurityTypes;

    /// <summary>VeNCrypt subtypes we accept, most preferred first.</summary>
    public IReadOnlyList<VeNCryptSubtype> AllowedVeNCryptSubtypes { get; init; } = DefaultVeNCryptSubtypes;

    /// <summary>Random bytes for ARD's DH key, its padding, and RA2's randoms and RSA padding.</summary>
    public RandomFill Random { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>
    /// Makes RA2's client RSA key pair for a modulus of the given bits (TigerVNC matches the server's size). The
    /// default generates a fresh key with <see cref="RSA.Create(int)"/>; tests inject a fixed one.
    /// </summary>
    public Func<int, RSAParameters> Ra2ClientKey { get; init; } = DefaultRa2ClientKey;

    /// <summary>
    /// Decides whether to trust the RA2 server key (argument: U32 bit length + modulus + exponent, as TigerVNC
    /// fingerprints it). Null accepts any key (RA2 has no certificate; pin it here when you know it).
    /// </summary>
    public Func<ReadOnlyMemory<byte>, bool>? Ra2ServerKeyValidator { get; init; }

    /// <summary>Cap on a failure reason string the server announces (bytes).</summary>
    public int MaxReasonLength { get; init; } = 4096;

    /// <summary>Cap on the desktop name in ServerInit (bytes).</summary>
    public int MaxNameLength { get; init; } = 4096;

    private static RSAParameters DefaultRa2ClientKey(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportParameters(true);
    }
}
