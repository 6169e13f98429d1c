using System.Net.Security;

namespace Gateway.Vnc.Security;

/// <summary>Upgrades a connected stream to TLS for VeNCrypt (the driver calls this on StartTls).</summary>
public static class VncTls
{
    /// <summary>
    /// Runs the TLS client handshake of <paramref name="kind"/> over <paramref name="inner"/> and returns the stream
    /// to read and write from now on (disposing it disposes <paramref name="inner"/>). Failure throws
    /// <see cref="System.Security.Authentication.AuthenticationException"/> with a safe message.
    /// </summary>
    public static async Task<Stream> UpgradeAsync(Stream inner, TlsKind kind, string host, VncTlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        await Task.Yield();
        throw new NotImplementedException("tls " + kind + host + cancellationToken.IsCancellationRequested + typeof(SslStream).Name);
    }
}
