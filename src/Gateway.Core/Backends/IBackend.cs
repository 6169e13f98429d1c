using Gateway.Core.Parameters;

namespace Gateway.Core.Backends;

/// <summary>
/// A remote-desktop protocol (VNC, RDP, SSH, …): its name in <c>select</c>, its parameters, and a factory
/// of sessions. Registered explicitly with the session manager.
/// </summary>
public interface IBackend
{
    /// <summary>The protocol name clients select, e.g. <c>vnc</c>.</summary>
    string Protocol { get; }

    /// <summary>The declared parameters; their names form the <c>args</c> list.</summary>
    ParameterSchema Parameters { get; }

    /// <summary>Creates a session. <paramref name="context"/> carries the bound settings.</summary>
    BackendSession CreateSession(BackendContext context);
}
