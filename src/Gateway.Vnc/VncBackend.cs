using Gateway.Core.Backends;
using Gateway.Core.Parameters;

namespace Gateway.Vnc;

/// <summary>The <c>vnc</c> protocol: a managed RFB client (RFC 6143 and the community extensions).</summary>
public sealed class VncBackend : IBackend
{
    /// <summary>The protocol name clients select.</summary>
    public const string ProtocolName = "vnc";

    public string Protocol => ProtocolName;

    public ParameterSchema Parameters { get; } = ParameterSchema.For(typeof(VncSettings));

    public BackendSession CreateSession(BackendContext context) => new VncSession(context);
}
