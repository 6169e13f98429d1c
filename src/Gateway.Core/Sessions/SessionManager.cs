using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Gateway.Core.Backends;
using Gateway.Core.Parameters;
using Gateway.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Sessions;

/// <summary>
/// The registry of back ends and live sessions: creates a session for a protocol, attaches joiners by
/// connection id, and forgets sessions when they end.
/// </summary>
public sealed class SessionManager : IAsyncDisposable
{
    private readonly Dictionary<string, IBackend> _backends;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public SessionManager(IEnumerable<IBackend> backends, SessionOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = new Dictionary<string, IBackend>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            if (!_backends.TryAdd(backend.Protocol, backend))
            {
                throw new ArgumentException($"protocol '{backend.Protocol}' is registered twice", nameof(backends));
            }
        }

        Options = options ?? new SessionOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Gateway.Sessions");
        Time = time ?? TimeProvider.System;
    }

    public SessionOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The registered protocol names.</summary>
    public IReadOnlyCollection<string> Protocols => _backends.Keys;

    /// <summary>Live sessions.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>A snapshot of the live sessions (for administration and tests).</summary>
    public IReadOnlyList<Session> LiveSessions => [.. _sessions.Values];

    public bool TryGetBackend(string protocol, [NotNullWhen(true)] out IBackend? backend) => _backends.TryGetValue(protocol, out backend);

    public bool TryGetSession(string connectionId, [NotNullWhen(true)] out Session? session) => _sessions.TryGetValue(connectionId, out session);

    /// <summary>
    /// The parameter names to offer in <c>args</c> for what a client selected (a protocol or a live
    /// connection id), or why the selection is refused.
    /// </summary>
    public bool TryGetParameterNames(string selected, [NotNullWhen(true)] out IReadOnlyList<string>? names, out ProtocolError error)
    {
        ArgumentNullException.ThrowIfNull(selected);
        error = default;
        names = null;
        if (selected.StartsWith('$'))
        {
            if (_sessions.TryGetValue(selected, out var session) && !session.IsEnded)
            {
                names = session.Backend.Parameters.Names;
                return true;
            }

            error = new ProtocolError(GuacamoleStatus.ResourceNotFound, "No such connection.");
            return false;
        }

        if (_backends.TryGetValue(selected, out var backend))
        {
            names = backend.Parameters.Names;
            return true;
        }

        error = new ProtocolError(GuacamoleStatus.Unsupported, $"protocol '{Truncate(selected)}' is not supported");
        return false;
    }

    /// <summary>
    /// Starts a connection or joins a live one for a user on <paramref name="transport"/>. On success the
    /// caller may queue a preamble with <see cref="SessionUser.Send(ReadOnlySpan{byte})"/> and must then call
    /// <see cref="SessionUser.RunAsync"/>. Errors are values, never exceptions.
    /// </summary>
    public SessionOpenResult Open(ConnectRequest request, IUserTransport transport)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transport);
        var result = request.IsJoin ? Join(request, transport) : Create(request, transport);
        if (result.Error is { } error)
        {
            SessionLog.OpenRefused(_logger, error.Status, error.Message);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        var sessions = _sessions.Values.ToArray();
        foreach (var session in sessions)
        {
            session.End(GuacamoleStatus.ServerBusy, "the gateway is shutting down");
        }

        await Task.WhenAll(sessions.Select(s => s.Completion)).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    internal void Remove(Session session) => _sessions.TryRemove(new KeyValuePair<string, Session>(session.Id, session));

    // The same spellings the parameter binder accepts, so a back end's bound "read-only" and the
    // user's actual rights can never disagree.
    private static bool IsReadOnly(ConnectRequest request) =>
        request.ReadOnly
        || (request.Arguments.TryGetValue("read-only", out var value) && ParameterSchema.TryParseBoolean(value, out bool flag) && flag);

    private SessionOpenResult Create(ConnectRequest request, IUserTransport transport)
    {
        if (!TryGetParameterNames(request.Selected, out _, out var refusal))
        {
            return new SessionOpenResult(null, refusal);
        }

        var backend = _backends[request.Selected];
        var bound = backend.Parameters.BindObject(request.Arguments);
        if (!bound.Succeeded)
        {
            return SessionOpenResult.Fail(GuacamoleStatus.ClientBadRequest, bound.Error!);
        }

        var id = "$" + Guid.NewGuid().ToString("D");
        var session = new Session(id, backend, this, _loggerFactory.CreateLogger("Gateway.Sessions." + backend.Protocol));
        var context = new BackendContext(session, bound.Settings!, request.Client, session.Logger, Time);
        BackendSession backendSession;
        try
        {
            backendSession = backend.CreateSession(context);
        }
        catch (BackendException ex)
        {
            return SessionOpenResult.Fail(ex.Status, ex.Message);
        }
        catch (Exception ex)
        {
            // Back-end code failed: the same boundary as a crash in a running session (errors are values).
            SessionLog.BackendCrashed(session.Logger, ex, id);
            return SessionOpenResult.Fail(GuacamoleStatus.ServerError, Session.InternalErrorMessage);
        }

        session.SetBackend(backendSession);
        session.TryReserve();
        _sessions[id] = session;
        var user = new SessionUser(session, transport, request.Client, isOwner: true, IsReadOnly(request));
        return new SessionOpenResult(user, null);
    }

    private SessionOpenResult Join(ConnectRequest request, IUserTransport transport)
    {
        if (!_sessions.TryGetValue(request.Selected, out var session) || !session.TryReserve())
        {
            return SessionOpenResult.Fail(GuacamoleStatus.ResourceNotFound, "No such connection.");
        }

        var user = new SessionUser(session, transport, request.Client, isOwner: false, IsReadOnly(request));
        return new SessionOpenResult(user, null);
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
