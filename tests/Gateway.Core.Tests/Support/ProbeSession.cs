using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.Core.Streams;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Support;

/// <summary>
/// The probe's session. It draws a <c>size</c> and ends a frame when it starts and when a user joins,
/// broadcasts <c>log,key &lt;keysym&gt;</c> plus a frame for every key, and records everything else.
/// </summary>
public sealed class ProbeSession : BackendSession
{
    private readonly ProbeBackend _backend;
    private readonly Channel<ProbeEvent> _events = Channel.CreateUnbounded<ProbeEvent>();
    private readonly List<ProbeEvent> _all = [];
    private readonly object _gate = new();
    private int _concurrent;
    private int _maxConcurrent;

    public ProbeSession(BackendContext context, ProbeBackend backend)
        : base(context)
    {
        _backend = backend;
    }

    /// <summary>Set once DisposeAsync ran.</summary>
    public bool Disposed { get; private set; }

    /// <summary>Every event recorded so far.</summary>
    public IReadOnlyList<ProbeEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _all.ToArray();
            }
        }
    }

    /// <summary>Waits for the next event of <paramref name="kind"/>, skipping others; fails after 10 s.</summary>
    public async Task<ProbeEvent> NextAsync(string kind)
    {
        using var cts = new CancellationTokenSource(TestClient.Timeout);
        while (true)
        {
            var e = await _events.Reader.ReadAsync(cts.Token);
            if (e.Kind == kind)
            {
                return e;
            }
        }
    }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        Record("run", "", "");
        Draw(null);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public override ValueTask OnUserJoinedAsync(SessionUser user, CancellationToken cancellationToken)
    {
        Record("joined", user.Id, user.IsOwner ? "owner" : "joiner");
        if (!user.IsOwner)
        {
            Draw(user);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnUserLeftAsync(SessionUser user, CancellationToken cancellationToken)
    {
        Record("left", user.Id, "");
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnKeyAsync(SessionUser user, int keysym, bool pressed, CancellationToken cancellationToken)
    {
        Record("key", user.Id, Invariant($"{keysym},{(pressed ? 1 : 0)}"));
        if (keysym == _backend.FailOnKeysym && _backend.KeyFailure is { } failure)
        {
            throw failure;
        }

        var buffer = new ArrayBufferWriter<byte>();
        InstructionWriter.Start(buffer, "log"u8).Add(Invariant($"key {keysym}")).End();
        Session.Broadcast(buffer.WrittenSpan);
        Session.EndFrame();
        return ValueTask.CompletedTask;
    }

    /// <summary>The most input handler calls ever in progress at once (the session promises 1).</summary>
    public int MaxConcurrentCalls => Volatile.Read(ref _maxConcurrent);

    public override async ValueTask OnMouseAsync(SessionUser user, int x, int y, int buttonMask, CancellationToken cancellationToken)
    {
        int now = Interlocked.Increment(ref _concurrent);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        try
        {
            Record("mouse", user.Id, Invariant($"{x},{y},{buttonMask}"));
            await Task.Yield(); // widen the window in which an overlapping call would be seen
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    public override ValueTask OnTouchAsync(SessionUser user, TouchEvent touch, CancellationToken cancellationToken)
    {
        Record("touch", user.Id, touch.ToString());
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnSizeAsync(SessionUser user, int width, int height, int dpi, CancellationToken cancellationToken)
    {
        Record("size", user.Id, Invariant($"{width},{height},{dpi}"));
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnClipboardAsync(SessionUser user, string mimetype, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Record("clipboard", user.Id, mimetype, data.ToArray());
        return ValueTask.CompletedTask;
    }

    public override ValueTask<bool> OnArgumentAsync(SessionUser user, string name, string value, CancellationToken cancellationToken)
    {
        Record("argument", user.Id, name + "=" + value);
        return ValueTask.FromResult(_backend.AcceptArguments);
    }

    public override IInboundStreamHandler? OnStreamOpened(SessionUser user, InboundStreamInfo stream)
    {
        Record("stream", user.Id, Invariant($"{stream.Kind},{stream.Index},{stream.Mimetype},{stream.Name}"));
        return _backend.AcceptStreams ? new RecordingStreamHandler(this, user.Id, stream.Index, _backend) : null;
    }

    public override ValueTask OnAckAsync(SessionUser user, int streamIndex, string message, int status, CancellationToken cancellationToken)
    {
        Record("ack", user.Id, Invariant($"{streamIndex},{message},{status}"));
        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        Disposed = true;
        Record("disposed", "", "");
        return base.DisposeAsync();
    }

    internal void Record(string kind, string userId, string detail, byte[]? data = null)
    {
        var e = new ProbeEvent(kind, userId, detail, data);
        lock (_gate)
        {
            _all.Add(e);
        }

        _events.Writer.TryWrite(e);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Draw(SessionUser? only)
    {
        var buffer = new ArrayBufferWriter<byte>();
        InstructionWriter.Start(buffer, "size"u8).Add(0).Add(Context.Owner.Width).Add(Context.Owner.Height).End();
        if (only is null)
        {
            Session.Broadcast(buffer.WrittenSpan);
        }
        else
        {
            only.Send(buffer.WrittenSpan);
        }

        Session.EndFrame();
    }
}
