using System.Buffers;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;

namespace Gateway.Core.Sessions;

/// <summary>
/// One user attached to a session through one transport: its output queue, its input loop, its lag
/// estimate, keep-alive and idle timeout, and its streams.
/// </summary>
public sealed partial class SessionUser
{
    private readonly object _gate = new();
    private readonly IUserTransport _transport;
    private readonly Outbox _outbox;
    private readonly CancellationTokenSource _cts = new();

    /// <summary>
    /// Cancels sending (on the session's clock) a grace period after the user leaves, or at once when it
    /// is dropped for not reading, so a dead or stalled transport cannot hang the end.
    /// </summary>
    private readonly CancellationTokenSource _sendAbort;
    private readonly LagEstimator _lag = new();
    private long _lastInput;
    private long _lastOutput;
    private int _state; // 0 created, 1 running, 2 left
    private GuacamoleStatus _endStatus = GuacamoleStatus.Success;
    private string _endReason = "disconnected";

    /// <summary>The default of <see cref="SessionOptions.CloseTimeout"/>: how long a leaving user's last output may take to send.</summary>
    public static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(5);

    internal SessionUser(Session session, IUserTransport transport, ClientInfo client, bool isOwner, bool readOnly)
    {
        Session = session;
        _transport = transport;
        Client = client;
        IsOwner = isOwner;
        IsReadOnly = readOnly;
        Id = "@" + Guid.NewGuid().ToString("D");
        _outbox = new Outbox(session.Options.MaxOutboundBytes);
        _sendAbort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, session.Time);
        long now = session.Now;
        _lastInput = now;
        _lastOutput = now;
    }

    /// <summary>The user id, <c>@</c> followed by a UUID.</summary>
    public string Id { get; }

    /// <summary>The display name given by the client or the token, if any.</summary>
    public string Name => Client.Name ?? string.Empty;

    /// <summary>What the client said about itself.</summary>
    public ClientInfo Client { get; private set; }

    /// <summary>True for the user whose arguments configured the connection.</summary>
    public bool IsOwner { get; }

    /// <summary>A read-only user's input (keys, mouse, touch, size, clipboard, files) is ignored.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The session this user belongs to.</summary>
    public Session Session { get; }

    /// <summary>Stream indices for output to this user alone (even, as guacd's user-level streams).</summary>
    public StreamIndexPool Streams { get; } = new(512, odd: false);

    /// <summary>True once this user has left.</summary>
    public bool HasLeft => Volatile.Read(ref _state) == 2;

    /// <summary>Bytes queued for this user and not yet sent.</summary>
    public long PendingOutput => _outbox.Pending;

    /// <summary>Frames (<c>sync</c>s) sent to this user and not yet acknowledged.</summary>
    public int UnacknowledgedFrames
    {
        get
        {
            lock (_gate)
            {
                return _lag.UnackedFrames;
            }
        }
    }

    /// <summary>The lag estimate at <paramref name="now"/>.</summary>
    public long CurrentLag(long now)
    {
        lock (_gate)
        {
            return _lag.CurrentLag(now);
        }
    }

    /// <summary>
    /// Queues encoded instructions for this user. A user whose queue overflows (a client that stopped
    /// reading) is dropped with CLIENT_TIMEOUT rather than let memory grow.
    /// </summary>
    public void Send(ReadOnlySpan<byte> instructions)
    {
        if (_outbox.TryEnqueue(instructions))
        {
            Volatile.Write(ref _lastOutput, Session.Now);
            return;
        }

        if (!HasLeft)
        {
            Leave(GuacamoleStatus.ClientTimeout, "client is not reading its output fast enough");

            // It is not reading: stop waiting for it now. Callbacks run elsewhere, never inside a
            // back end's Broadcast that brought us here.
            _ = _sendAbort.CancelAsync();
        }
    }

    /// <summary>Sends one instruction built from strings.</summary>
    public void Send(string opcode, params ReadOnlySpan<string> args)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        InstructionWriter.Write(buffer, opcode, args);
        Send(buffer.WrittenSpan);
    }

    /// <summary>Ends this user's connection with a status; SUCCESS sends <c>disconnect</c>, anything else <c>error</c>.</summary>
    public void Leave(GuacamoleStatus status, string message)
    {
        lock (_gate)
        {
            if (_state == 2)
            {
                return;
            }

            _state = 2;
            _endStatus = status;
            _endReason = message;
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        if (status == GuacamoleStatus.Success)
        {
            InstructionWriter.Start(buffer, "disconnect"u8).End();
        }
        else
        {
            InstructionWriter.Start(buffer, "error"u8).Add(message).Add((int)status).End();
        }

        _outbox.TryEnqueue(buffer.WrittenSpan);
        _outbox.Close();
        _sendAbort.CancelAfter(Session.Options.CloseTimeout);
        _cts.Cancel();
    }

    /// <summary>
    /// Runs this user until it leaves: attaches it to the session, reads and dispatches its input,
    /// writes its output, sends keep-alives and enforces the idle timeout. Never throws for anything the
    /// client or the transport does.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            if (HasLeft)
            {
                Session.Unreserve();
                await DrainAndCloseAsync().ConfigureAwait(false);
                return;
            }

            throw new InvalidOperationException("a user runs once");
        }

        // The run token is the host's stopping token: the gateway is going away, not the session ending normally.
        // SERVER_BUSY (as when the manager is disposed) tells clients to try again instead of treating it as final.
        using var registration = cancellationToken.Register(static s => ((SessionUser)s!).Leave(GuacamoleStatus.ServerBusy, "server stopping"), this);
        var writer = WriteLoopAsync();
        Task? timer = null;
        try
        {
            if (!await Session.ActivateAsync(this).ConfigureAwait(false))
            {
                Leave(GuacamoleStatus.ResourceClosed, "the connection has ended");
            }
            else
            {
                timer = TimerLoopAsync();
                await ReadLoopAsync(_cts.Token).ConfigureAwait(false);
                Leave(GuacamoleStatus.Success, "client closed the connection");
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (GuacamoleProtocolException ex)
        {
            SessionLog.BadInput(Session.Logger, Id, Session.Id, ex.Status, ex.Message);
            Leave(ex.Status, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            SessionLog.TransportFailed(Session.Logger, ex, Id);
            Leave(GuacamoleStatus.Success, "connection lost");
        }
        catch (Exception ex)
        {
            // A bug in the gateway's own user code: this user gets a status; nobody else is affected.
            SessionLog.UserFailed(Session.Logger, ex, Id, Session.Id);
            Leave(GuacamoleStatus.ServerError, Session.InternalErrorMessage);
        }
        finally
        {
            _cts.Cancel();
            await AbortStreamsAsync().ConfigureAwait(false);
            await Session.DeactivateAsync(this).ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            if (timer is not null)
            {
                await timer.ConfigureAwait(false);
            }

            await CloseTransportAsync().ConfigureAwait(false);
            SessionLog.UserLeft(Session.Logger, Id, Session.Id, _endStatus, _endReason);
        }
    }

    internal void SendSync(ReadOnlySpan<byte> instruction, long timestamp)
    {
        lock (_gate)
        {
            _lag.FrameSent(timestamp);
        }

        Send(instruction);
    }

    internal void SendMessage(int code, SessionUser about)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        InstructionWriter.Start(buffer, "msg"u8).Add(code).Add(about.Id).Add(about.Name).End();
        Send(buffer.WrittenSpan);
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var batch = await _outbox.TakeAsync(CancellationToken.None).ConfigureAwait(false);
                if (batch.IsEmpty)
                {
                    break;
                }

                await _transport.SendAsync(batch, _sendAbort.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_sendAbort.IsCancellationRequested)
        {
            // Abandoned: the user left and its client would not take the rest in time.
        }
        catch (Exception ex)
        {
            SessionLog.TransportFailed(Session.Logger, ex, Id);
            Leave(GuacamoleStatus.Success, "connection lost");
        }
    }

    private async Task DrainAndCloseAsync()
    {
        await WriteLoopAsync().ConfigureAwait(false);
        await CloseTransportAsync().ConfigureAwait(false);
    }

    private async Task CloseTransportAsync()
    {
        try
        {
            // The close gets its own grace period, or none once sending was abandoned (then the
            // transport should close without a handshake).
            var grace = _sendAbort.IsCancellationRequested ? TimeSpan.Zero : Session.Options.CloseTimeout;
            using var timeout = new CancellationTokenSource(grace, Session.Time);
            await _transport.CloseAsync(_endStatus, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SessionLog.TransportFailed(Session.Logger, ex, Id);
        }
    }

    private async Task TimerLoopAsync()
    {
        var options = Session.Options;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(
            Math.Min(options.KeepAliveInterval.TotalMilliseconds, options.IdleTimeout.TotalMilliseconds) / 5, 10, 1000));
        using var timer = new PeriodicTimer(period, Session.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_cts.Token).ConfigureAwait(false))
            {
                long now = Session.Now;
                if (now - Volatile.Read(ref _lastInput) >= (long)options.IdleTimeout.TotalMilliseconds)
                {
                    Leave(GuacamoleStatus.ClientTimeout, "User is not responding.");
                    return;
                }

                if (now - Volatile.Read(ref _lastOutput) >= (long)options.KeepAliveInterval.TotalMilliseconds)
                {
                    Send("3.nop;"u8);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

}
