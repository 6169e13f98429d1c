using Gateway.Core.Sessions;
using Gateway.Core.Streams;

namespace Gateway.Core.Backends;

/// <summary>
/// One connection to a remote machine. The session calls <see cref="RunAsync"/> once, when the owner
/// is attached, and calls the input handlers as users act. Input handlers are never called concurrently
/// with each other (the session serialises them) but may run while <see cref="RunAsync"/> runs.
/// </summary>
/// <remarks>
/// Output goes through <see cref="Session"/>: <see cref="Session.Broadcast"/> for everyone,
/// <see cref="SessionUser.Send"/> for one user, <see cref="Session.EndFrame"/> to close a frame with
/// <c>sync</c>. A failure is reported by throwing <see cref="BackendException"/> from <see cref="RunAsync"/>;
/// anything else thrown becomes SERVER_ERROR for every user, and other sessions are unaffected.
/// </remarks>
public abstract class BackendSession : IAsyncDisposable
{
    protected BackendSession(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    protected BackendContext Context { get; }

    protected Session Session => Context.Session;

    /// <summary>
    /// Connects and runs until the remote side ends (return normally) or fails (throw
    /// <see cref="BackendException"/>). Cancelled when the session ends for another reason.
    /// </summary>
    public abstract Task RunAsync(CancellationToken cancellationToken);

    /// <summary>A user (owner or joiner) was attached: send that user the full current state.</summary>
    public virtual ValueTask OnUserJoinedAsync(SessionUser user, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A user left.</summary>
    public virtual ValueTask OnUserLeftAsync(SessionUser user, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>X11 keysym pressed or released.</summary>
    public virtual ValueTask OnKeyAsync(SessionUser user, int keysym, bool pressed, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Pointer at (x, y) with the Guacamole button mask (left 1, middle 2, right 4, up 8, down 16).</summary>
    public virtual ValueTask OnMouseAsync(SessionUser user, int x, int y, int buttonMask, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A touch contact changed.</summary>
    public virtual ValueTask OnTouchAsync(SessionUser user, TouchEvent touch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The user's display size changed (already clamped to 1..8192).</summary>
    public virtual ValueTask OnSizeAsync(SessionUser user, int width, int height, int dpi, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The user set the clipboard (the whole, size-bounded content).</summary>
    public virtual ValueTask OnClipboardAsync(SessionUser user, string mimetype, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// The user sent a parameter value through an <c>argv</c> stream that nobody was waiting for (a live
    /// change such as a terminal font). Return false to refuse it.
    /// </summary>
    public virtual ValueTask<bool> OnArgumentAsync(SessionUser user, string name, string value, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>
    /// The user opened an inbound <c>file</c>, <c>pipe</c> or <c>audio</c> stream. Return a handler to accept
    /// it (the session acks each blob), or null to refuse it with UNSUPPORTED.
    /// </summary>
    public virtual IInboundStreamHandler? OnStreamOpened(SessionUser user, InboundStreamInfo stream) => null;

    /// <summary>The user acknowledged a blob of a stream the back end opened with <see cref="Session.AllocateStream"/>.</summary>
    public virtual ValueTask OnAckAsync(SessionUser user, int streamIndex, string message, int status, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
