namespace Gateway.Vnc.Handshake;

/// <summary>Which credentials a security type needs and the options did not hold.</summary>
[Flags]
public enum CredentialKinds
{
    /// <summary>Nothing is missing.</summary>
    None = 0,

    /// <summary>The username (guacd parameter <c>username</c>).</summary>
    Username = 1,

    /// <summary>The password (guacd parameter <c>password</c>).</summary>
    Password = 2,
}
