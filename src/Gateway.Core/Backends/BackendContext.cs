using Gateway.Core.Sessions;
using Gateway.Protocol.Handshake;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Backends;

/// <summary>What a back-end session is given when it is created.</summary>
public sealed class BackendContext
{
    internal BackendContext(Session session, object settings, ClientInfo owner, ILogger logger, TimeProvider time)
    {
        Session = session;
        Settings = settings;
        Owner = owner;
        Logger = logger;
        Time = time;
    }

    /// <summary>The session: its id, users, broadcast output and prompting.</summary>
    public Session Session { get; }

    /// <summary>The bound settings object (the back end's own settings type).</summary>
    public object Settings { get; }

    /// <summary>The owner's client (screen size, DPI, accepted image types, time zone).</summary>
    public ClientInfo Owner { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>The settings as the back end's own type.</summary>
    public TSettings SettingsAs<TSettings>()
        where TSettings : class => (TSettings)Settings;
}
