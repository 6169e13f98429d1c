using System.Collections.Concurrent;
using Gateway.Core.Backends;
using Gateway.Core.Parameters;

namespace Gateway.Core.Tests.Support;

/// <summary>
/// A back end that records every call the session makes into it and can be told to accept inbound
/// streams or to fail from an input handler. Each created session is kept for assertions.
/// </summary>
public sealed class ProbeBackend : IBackend
{
    public const string ProtocolName = "probe";

    public string Protocol => ProtocolName;

    public ParameterSchema Parameters { get; } = ParameterSchema.For(typeof(ProbeSettings));

    /// <summary>When true, file, pipe and audio streams get a recording handler; otherwise they are refused.</summary>
    public bool AcceptStreams { get; init; }

    /// <summary>Answer to live <c>argv</c> changes.</summary>
    public bool AcceptArguments { get; init; }

    /// <summary>Thrown by <c>OnKeyAsync</c> for the keysym <see cref="FailOnKeysym"/>.</summary>
    public Exception? KeyFailure { get; init; }

    public int FailOnKeysym { get; init; } = -1;

    /// <summary>Thrown by a stream handler's blob callback for the blob numbered <see cref="FailOnBlob"/> (1-based).</summary>
    public Exception? BlobFailure { get; init; }

    public int FailOnBlob { get; init; } = -1;

    /// <summary>Sessions created so far, in order.</summary>
    public ConcurrentQueue<ProbeSession> Sessions { get; } = new();

    public BackendSession CreateSession(BackendContext context)
    {
        var session = new ProbeSession(context, this);
        Sessions.Enqueue(session);
        return session;
    }
}
