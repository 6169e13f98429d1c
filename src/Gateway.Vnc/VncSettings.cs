using Gateway.Core.Parameters;

namespace Gateway.Vnc;

/// <summary>The parameters of the <c>vnc</c> protocol, named as Guacamole's (GUACAMOLE.md §4), declared once.</summary>
public sealed class VncSettings
{
    [GuacamoleParameter("hostname", Max = 253, Description = "host name or address of the VNC server")]
    public string? Hostname { get; set; }

    [GuacamoleParameter("port", Default = "5900", Min = 1, Max = 65535, Description = "TCP port of the VNC server")]
    public int Port { get; set; } = 5900;

    [GuacamoleParameter("read-only", Default = "false", Description = "drop all keyboard, mouse and clipboard input")]
    public bool ReadOnly { get; set; }

    [GuacamoleParameter("disable-display-resize", Default = "false", Description = "never ask the server to match the browser's size")]
    public bool DisableDisplayResize { get; set; }

    [GuacamoleParameter("encodings", Description = "space-separated encodings in preference order (e.g. 'tight zrle hextile'); empty allows all")]
    public string? Encodings { get; set; }

    [GuacamoleParameter("username", Description = "user name for VeNCrypt plain or other user/password security")]
    public string? Username { get; set; }

    [GuacamoleParameter("password", Secret = true, Description = "the VNC password")]
    public string? Password { get; set; }

    [GuacamoleParameter("swap-red-blue", Default = "false", Description = "swap the red and blue components of every pixel")]
    public bool SwapRedBlue { get; set; }

    [GuacamoleParameter("color-depth", Default = "0", Description = "8, 16, 24 or 32 bits; 0 takes 32 bits")]
    public int ColorDepth { get; set; }

    [GuacamoleParameter("cursor", Default = "local", Description = "local: the browser draws the pointer; remote: the server does")]
    public VncCursorMode Cursor { get; set; }

    [GuacamoleParameter("autoretry", Default = "0", Min = 0, Max = 100, Description = "connection attempts to retry before giving up")]
    public int Autoretry { get; set; }

    [GuacamoleParameter("clipboard-encoding", Default = "ISO8859-1", Max = 16, Description = "ISO8859-1, UTF-8, UTF-16 or CP1252 for standard cut text")]
    public string ClipboardEncoding { get; set; } = "ISO8859-1";

    [GuacamoleParameter("disable-copy", Default = "false", Description = "do not send the remote clipboard to the browser")]
    public bool DisableCopy { get; set; }

    [GuacamoleParameter("disable-paste", Default = "false", Description = "do not send the browser's clipboard to the server")]
    public bool DisablePaste { get; set; }

    /// <summary>
    /// Sends UltraVNC's SetServerInput (client message 9) once connected, as guacd 1.6.0 does, so UltraVNC servers
    /// ignore their local keyboard and mouse. RFC 6143 does not define the message and nothing in the handshake says
    /// whether a server knows it: TigerVNC and most others close the connection on it, and the user is then told that
    /// this parameter is the likely reason.
    /// </summary>
    [GuacamoleParameter("disable-server-input", Default = "false", Description = "ask the server to ignore its local input (UltraVNC SetServerInput; servers without it close the connection)")]
    public bool DisableServerInput { get; set; }

    /// <summary>
    /// A gateway extension (guacd has no such parameter): ask the server for RFB ContinuousUpdates, so it pushes
    /// changes without waiting for requests. Off by default: the gateway then requests updates itself, at most
    /// <see cref="VncSession.MaxUpdatesPerSecond"/> a second while the screen keeps changing, which lets the server
    /// merge what changed meanwhile into one update (a continuously pushing TigerVNC sent a full-screen animation as
    /// 190 strips a second, each costing a frame downstream). Worth it only on a long link to the server.
    /// </summary>
    [GuacamoleParameter("continuous-updates", Default = "false", Description = "let the server push updates (RFB ContinuousUpdates) instead of the gateway requesting them")]
    public bool ContinuousUpdates { get; set; }

    [GuacamoleParameter("force-lossless", Default = "false", Description = "never use lossy image formats")]
    public bool ForceLossless { get; set; }

    [GuacamoleParameter("compress-level", Default = "-1", Min = -1, Max = 9, Description = "Tight/zlib compression level 0-9; -1 asks for 3 when Tight is offered (libvncclient's default, as guacd)")]
    public int CompressLevel { get; set; } = -1;

    [GuacamoleParameter("quality-level", Default = "-1", Min = -1, Max = 9, Description = "Tight JPEG quality 0-9; -1 asks for 5 when Tight is offered (libvncclient's default, as guacd); force-lossless asks for none")]
    public int QualityLevel { get; set; } = -1;

    [GuacamoleParameter("ignore-cert", Default = "false", Description = "accept any TLS certificate from the server (VeNCrypt X509)")]
    public bool IgnoreCert { get; set; }

    [GuacamoleParameter("ca-certificate", Max = 65536, Description = "PEM CA certificate(s) that the server's TLS certificate must chain to")]
    public string? CaCertificate { get; set; }

    [GuacamoleParameter("cert-fingerprint", Max = 1024, Description = "SHA-256 fingerprint(s) of the server certificate to accept, hex, comma-separated")]
    public string? CertFingerprint { get; set; }

    [GuacamoleParameter("timeout", Default = "10", Min = 1, Max = 600, Description = "seconds to wait for the TCP connection")]
    public int Timeout { get; set; } = 10;
}
