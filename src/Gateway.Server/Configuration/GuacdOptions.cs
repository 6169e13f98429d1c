namespace Gateway.Server.Configuration;

/// <summary>The guacd-compatible TCP listener (section <c>Gateway:Guacd</c>).</summary>
public sealed class GuacdOptions
{
    public const string SectionName = "Gateway:Guacd";

    /// <summary><c>host:port</c> to listen on; empty turns the listener off. Like guacd, it trusts its caller: keep it on loopback.</summary>
    public string? Endpoint { get; set; } = "127.0.0.1:4822";

    /// <summary>PEM certificate for TLS (guacd <c>-C</c>); TLS is on when this and <see cref="Key"/> are set.</summary>
    public string? Certificate { get; set; }

    /// <summary>PEM private key for TLS (guacd <c>-K</c>).</summary>
    public string? Key { get; set; }
}
