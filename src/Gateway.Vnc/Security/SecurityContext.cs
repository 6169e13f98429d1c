using Gateway.Vnc.Handshake;

namespace Gateway.Vnc.Security;

/// <summary>What a security handler may read and change while the handshake runs it.</summary>
internal sealed class SecurityContext
{
    public SecurityContext(RfbHandshakeOptions options)
    {
        Options = options;
        Username = options.Username;
        Password = options.Password;
    }

    public RfbHandshakeOptions Options { get; }

    public RfbVersion Version { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Set by RA2 once session keys exist: later bytes in both directions go through it.</summary>
    public RsaAesChannel? Channel { get; set; }

    /// <summary>Returns which of <paramref name="wanted"/> are still missing.</summary>
    public CredentialKinds Missing(CredentialKinds wanted)
    {
        CredentialKinds missing = CredentialKinds.None;
        if ((wanted & CredentialKinds.Username) != 0 && Username is null)
        {
            missing |= CredentialKinds.Username;
        }

        if ((wanted & CredentialKinds.Password) != 0 && Password is null)
        {
            missing |= CredentialKinds.Password;
        }

        return missing;
    }
}
