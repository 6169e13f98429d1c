using Gateway.Protocol;

namespace Gateway.Core.Sessions;

/// <summary>A user attached to a session (call <see cref="SessionUser.RunAsync"/>), or why not.</summary>
public readonly record struct SessionOpenResult(SessionUser? User, ProtocolError? Error)
{
    public static SessionOpenResult Fail(GuacamoleStatus status, string message) => new(null, new ProtocolError(status, message));
}
