using System.Collections.Concurrent;
using Gateway.Core.Backends;
using Gateway.Core.Parameters;

namespace Gateway.TestBackends;

/// <summary>
/// A back end for tests: it draws a known pattern, paints a square whose colour encodes the last key
/// pressed, echoes the clipboard, accepts file uploads when asked to (kept in <see cref="ReceivedFiles"/>), and can be told to crash,
/// end or demand a password.
/// </summary>
public sealed class TestPatternBackend : IBackend
{
    public const string ProtocolName = "test-pattern";

    public string Protocol => ProtocolName;

    public ParameterSchema Parameters { get; } = ParameterSchema.For(typeof(TestPatternSettings));

    /// <summary>Whether sessions accept file streams; otherwise they are unsupported, as for a back end without files.</summary>
    public bool AcceptUploads { get; set; }

    /// <summary>Whether a completed upload is sent back to the session's users as a download named <c>echo-NAME</c>.</summary>
    public bool EchoUploads { get; set; }

    /// <summary>Files uploaded to any session of this back end, in the order they completed.</summary>
    public ConcurrentQueue<ReceivedFile> ReceivedFiles { get; } = new();

    public BackendSession CreateSession(BackendContext context) => new TestPatternSession(context, this);
}
