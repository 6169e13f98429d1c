using Gateway.Vnc.Handshake;

namespace Gateway.Vnc.Security;

/// <summary>A security handler's answer: a status and, for <see cref="SecurityStatus.Step"/>, the step to return.</summary>
internal readonly record struct SecurityProgress(SecurityStatus Status, HandshakeStep? Step = null)
{
    public static SecurityProgress NeedMoreData => new(SecurityStatus.NeedMoreData);

    public static SecurityProgress Continue => new(SecurityStatus.Continue);

    public static SecurityProgress Done => new(SecurityStatus.Done);

    public static SecurityProgress Ask(HandshakeStep step) => new(SecurityStatus.Step, step);
}
