namespace Gateway.Vnc.Handshake;

/// <summary>The protocol version the client answered with (RFC 6143 7.1.1).</summary>
public enum RfbVersion
{
    /// <summary>Not negotiated yet.</summary>
    Unknown,

    /// <summary>RFB 3.3: the server picks the security type; no failure reason.</summary>
    V3_3,

    /// <summary>RFB 3.7: the client picks; no SecurityResult after None; no failure reason.</summary>
    V3_7,

    /// <summary>RFB 3.8: the client picks; SecurityResult always; failures carry a reason.</summary>
    V3_8,
}
