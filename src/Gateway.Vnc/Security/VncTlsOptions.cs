namespace Gateway.Vnc.Security;

/// <summary>
/// How to check the server's certificate for the X509 VeNCrypt subtypes (anonymous kinds have none). Checks, in
/// order: <see cref="IgnoreCertificate"/> accepts anything; a <see cref="PinnedSha256Fingerprint"/> must match the
/// leaf certificate; a <see cref="CaCertificatePath"/> must anchor the chain (host name not checked: VNC servers
/// rarely carry one); otherwise the system trust store with the host name.
/// </summary>
public sealed record VncTlsOptions
{
    /// <summary>Accept any certificate (guacd-style <c>ignore-cert</c>).</summary>
    public bool IgnoreCertificate { get; init; }

    /// <summary>SHA-256 of the leaf certificate's DER, hex with or without ':' separators, case-insensitive.</summary>
    public string? PinnedSha256Fingerprint { get; init; }

    /// <summary>PEM file of the CA (or the self-signed server certificate itself) that must anchor the chain.</summary>
    public string? CaCertificatePath { get; init; }
}
