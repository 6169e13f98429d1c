using System.Buffers;
using System.Collections.Immutable;
using Gateway.Core.Backends;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Sessions;

/// <summary>
/// One live connection to a remote machine, shared by its owner and any joiners. Output from the back
/// end is broadcast to every attached user; input from users is serialised into the back end. This
/// type is the failure boundary: whatever goes wrong inside ends this session with a status for its
/// users and nothing else.
/// </summary>
public sealed class Session
{
    /// <summary>What users are told when back-end code fails unexpectedly (the details go to the log only).</summary>
    internal const string InternalErrorMessage = "internal error in the connection";

    private const string OwnerGoneMessage = "credentials are required but the owner has left";

    private readonly object _gate = new();
    private readonly SessionManager _manager;
    private readonly SemaphoreSlim _inputGate = new(1, 1);
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, TaskCompletionSource<string>> _prompts = new(StringComparer.Ordinal);
    private ImmutableArray<SessionUser> _users = [];
    private BackendSession? _backend;
    private Task? _backendTask;
    private bool _ended;
    private long _lastSyncTimestamp;
    private int _pendingUsers;

    internal Session(string id, IBackend backend, SessionManager manager, ILogger logger)
    {
        Id = id;
        Backend = backend;
        _manager = manager;
        Logger = logger;
    }

    /// <summary>The connection id, <c>$</c> followed by a UUID; joiners select it.</summary>
    public string Id { get; }

    /// <summary>The protocol name.</summary>
    public string Protocol => Backend.Protocol;

    /// <summary>The back end this session runs.</summary>
    public IBackend Backend { get; }

    /// <summary>The first user; the one whose arguments configured the connection.</summary>
    public SessionUser? Owner { get; private set; }

    /// <summary>The users attached now.</summary>
    public ImmutableArray<SessionUser> Users => _users;

    /// <summary>Options in force.</summary>
    public SessionOptions Options => _manager.Options;

    /// <summary>Stream indices for output broadcast to every user (odd, as guacd's client-level streams).</summary>
    public StreamIndexPool BroadcastStreams { get; } = new(512, odd: true);

    /// <summary>True once the session has ended.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Completes when the session has ended and its back end has stopped.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Ending => _cts.Token;

    internal ILogger Logger { get; }

    /// <summary>The session's clock (a fake one in tests); timers of back ends and the display run on it.</summary>
    public TimeProvider Time => _manager.Time;

    /// <summary>Milliseconds since the Unix epoch, from the injected clock.</summary>
    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sends encoded instructions to every attached user.</summary>
    public void Broadcast(ReadOnlySpan<byte> instructions)
    {
        foreach (var user in _users)
        {
            user.Send(instructions);
        }
    }

    /// <summary>
    /// Ends a frame: sends <c>sync,&lt;timestamp&gt;,&lt;frames&gt;</c> to every user and records it for
    /// lag estimation. Timestamps strictly increase. Returns the timestamp.
    /// </summary>
    public long EndFrame(int logicalFrames = 1) => EndFrame(_users, logicalFrames);

    /// <summary>
    /// Ends a frame for some users only (those that were sent it; the display holds slow users back): sends them
    /// <c>sync</c> with a timestamp that strictly increases across the whole session. Returns the timestamp.
    /// </summary>
    public long EndFrame(IEnumerable<SessionUser> users, int logicalFrames = 1)
    {
        ArgumentNullException.ThrowIfNull(users);
        long timestamp;
        lock (_gate)
        {
            timestamp = Math.Max(Now, _lastSyncTimestamp + 1);
            _lastSyncTimestamp = timestamp;
        }

        var buffer = new ArrayBufferWriter<byte>(48);
        InstructionWriter.Start(buffer, "sync"u8).Add(timestamp).Add(Math.Max(1, logicalFrames)).End();
        foreach (var user in users)
        {
            user.SendSync(buffer.WrittenSpan, timestamp);
        }

        return timestamp;
    }

    /// <summary>The worst current processing lag across users, in ms (guac_client_get_processing_lag).</summary>
    public long MaxProcessingLag()
    {
        long now = Now;
        long lag = 0;
        foreach (var user in _users)
        {
            lag = Math.Max(lag, user.CurrentLag(now));
        }

        return lag;
    }

    /// <summary>
    /// Asks the owner for parameter values with <c>required</c> and waits for the matching <c>argv</c>
    /// streams (GUACAMOLE.md §1.4). Fails with CLIENT_UNAUTHORIZED when the owner cannot be asked.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> PromptAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var owner = Owner;
        if (owner is null || !owner.Client.Version.SupportsRequired() || owner.IsReadOnly)
        {
            // Too old for "required", or read-only (its argv streams are refused): it could never answer.
            throw new BackendException(GuacamoleStatus.ClientUnauthorized, "credentials are required but the client cannot be asked for them");
        }

        var waits = new List<(string Name, Task<string> Value)>();
        lock (_gate)
        {
            if (owner.HasLeft || !_users.Contains(owner))
            {
                throw new BackendException(GuacamoleStatus.ClientUnauthorized, OwnerGoneMessage);
            }

            foreach (var name in names)
            {
                var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _prompts[name] = tcs;
                waits.Add((name, tcs.Task));
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        var writer = InstructionWriter.Start(buffer, "required"u8);
        foreach (var name in names)
        {
            writer = writer.Add(name);
        }

        writer.End();
        owner.Send(buffer.WrittenSpan);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, value) in waits)
            {
                result[name] = await value.WaitAsync(linked.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                foreach (var name in names)
                {
                    _prompts.Remove(name);
                }
            }
        }

        return result;
    }

    /// <summary>Ends the session for every user with <paramref name="status"/> and a readable reason.</summary>
    public void End(GuacamoleStatus status, string message)
    {
        ImmutableArray<SessionUser> users;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            users = _users;
        }

        SessionLog.SessionEnded(Logger, Id, status, message);
        _cts.Cancel();
        foreach (var user in users)
        {
            user.Leave(status, message);
        }

        _ = FinishAsync();
    }

    internal void SetBackend(BackendSession backend) => _backend = backend;

    /// <summary>Raised on the user's input loop after it acknowledged a frame with a valid <c>sync</c>.</summary>
    internal event Action<SessionUser>? SyncAcknowledged;

    internal void OnSyncAcknowledged(SessionUser user) => SyncAcknowledged?.Invoke(user);

    /// <summary>Reserves a place for a user who has been created but is not running yet.</summary>
    internal bool TryReserve()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            _pendingUsers++;
            return true;
        }
    }

    /// <summary>A reserved user never ran (its tunnel died first).</summary>
    internal void Unreserve()
    {
        bool endNow;
        lock (_gate)
        {
            _pendingUsers--;
            endNow = !_ended && _pendingUsers == 0 && _users.IsEmpty;
        }

        if (endNow)
        {
            End(GuacamoleStatus.Success, "all users left");
        }
    }

    /// <summary>Attaches a user: adds it to the broadcast set, tells the owner, starts the back end for the owner.</summary>
    internal async ValueTask<bool> ActivateAsync(SessionUser user)
    {
        SessionUser? owner;
        Task<Task>? startBackend = null;
        lock (_gate)
        {
            _pendingUsers--;
            if (_ended)
            {
                return false;
            }

            if (Owner is null)
            {
                Owner = user;

                // Created here, started below: whoever ends the session always sees the task to wait for.
                startBackend = new Task<Task>(RunBackendAsync);
                _backendTask = startBackend.Unwrap();
            }

            _users = _users.Add(user);
            owner = Owner;
        }

        SessionLog.UserJoined(Logger, user.Id, Id, user.IsOwner, user.IsReadOnly);
        if (!ReferenceEquals(owner, user) && owner is not null && owner.Client.Version.SupportsMsg())
        {
            owner.SendMessage(1, user);
        }

        startBackend?.Start(TaskScheduler.Default);

        await InvokeBackendAsync(user, static (b, u, ct) => b.OnUserJoinedAsync(u, ct)).ConfigureAwait(false);
        return true;
    }

    /// <summary>Detaches a user; the session ends with the last one.</summary>
    internal async ValueTask DeactivateAsync(SessionUser user)
    {
        bool last;
        SessionUser? owner;
        lock (_gate)
        {
            if (!_users.Contains(user))
            {
                return;
            }

            _users = _users.Remove(user);
            last = _users.IsEmpty && _pendingUsers == 0;
            owner = Owner;
            if (ReferenceEquals(user, owner))
            {
                // Only the owner can answer a prompt: nobody else ever will.
                foreach (var prompt in _prompts.Values)
                {
                    prompt.TrySetException(new BackendException(GuacamoleStatus.ClientUnauthorized, OwnerGoneMessage));
                }
            }
        }

        if (!last && owner is not null && !ReferenceEquals(owner, user) && owner.Client.Version.SupportsMsg())
        {
            owner.SendMessage(2, user);
        }

        if (!IsEnded)
        {
            await InvokeBackendAsync(user, static (b, u, ct) => b.OnUserLeftAsync(u, ct)).ConfigureAwait(false);
        }

        if (last)
        {
            End(GuacamoleStatus.Success, "all users left");
        }
    }

    /// <summary>Delivers a finished <c>argv</c> value: to a pending prompt if the owner sent it, else to the back end.</summary>
    internal async ValueTask<bool> DeliverArgumentAsync(SessionUser user, string name, string value)
    {
        TaskCompletionSource<string>? prompt = null;
        if (ReferenceEquals(user, Owner))
        {
            lock (_gate)
            {
                _prompts.TryGetValue(name, out prompt);
            }
        }

        if (prompt is not null)
        {
            return prompt.TrySetResult(value);
        }

        bool accepted = false;
        await InvokeBackendAsync((user, name, value), async (b, s, ct) => accepted = await b.OnArgumentAsync(s.user, s.name, s.value, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return accepted;
    }

    /// <summary>True when the owner is being asked for <paramref name="name"/>.</summary>
    internal bool IsPrompting(string name)
    {
        lock (_gate)
        {
            return _prompts.ContainsKey(name);
        }
    }

    /// <summary>
    /// Calls the back end with input, one call at a time. A failure in the back end ends the session
    /// (never just the user) since its state can no longer be trusted.
    /// </summary>
    internal async ValueTask InvokeBackendAsync<TState>(TState state, Func<BackendSession, TState, CancellationToken, ValueTask> action)
    {
        var backend = _backend;
        if (backend is null || IsEnded)
        {
            return;
        }

        try
        {
            await _inputGate.WaitAsync(_cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await action(backend, state, _cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            _inputGate.Release();
        }
    }

    /// <summary>Sends user-to-user <c>ack</c> or other output for a stream; helper for back ends.</summary>
    public static void WriteAck(IBufferWriter<byte> output, int streamIndex, string message, GuacamoleStatus status) =>
        InstructionWriter.Start(output, "ack"u8).Add(streamIndex).Add(message).Add((int)status).End();

    private async Task RunBackendAsync()
    {
        var backend = _backend!;
        SessionLog.SessionStarted(Logger, Id, Protocol);
        try
        {
            await backend.RunAsync(_cts.Token).ConfigureAwait(false);
            End(GuacamoleStatus.Success, "the remote desktop closed the connection");
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Ends the session for a failure in back-end code: its status, or a generic SERVER_ERROR.</summary>
    internal void Fail(Exception ex)
    {
        switch (ex)
        {
            case BackendException be:
                End(be.Status, be.Message);
                break;
            case GuacamoleProtocolException pe:
                End(pe.Status, pe.Message);
                break;
            default:
                SessionLog.BackendCrashed(Logger, ex, Id);
                End(GuacamoleStatus.ServerError, InternalErrorMessage);
                break;
        }
    }

    private async Task FinishAsync()
    {
        try
        {
            Task? task;
            lock (_gate)
            {
                task = _backendTask;
            }

            if (task is not null)
            {
                await task.ConfigureAwait(false);
            }

            if (_backend is { } backend)
            {
                await backend.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            SessionLog.BackendCrashed(Logger, ex, Id);
        }
        finally
        {
            lock (_gate)
            {
                foreach (var prompt in _prompts.Values)
                {
                    prompt.TrySetCanceled();
                }
            }

            _manager.Remove(this);
            _completion.TrySetResult();
        }
    }
}
