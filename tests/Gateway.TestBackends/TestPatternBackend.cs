using Gateway.Core.Backends;
using Gateway.Core.Parameters;

namespace Gateway.TestBackends;

/// <summary>
/// A back end for tests: it draws a known pattern, paints a square whose colour encodes the last key
/// pressed, echoes the clipboard, and can be told to crash, end or demand a password.
/// </summary>
public sealed class TestPatternBackend : IBackend
{
    public const string ProtocolName = "test-pattern";

    public string Protocol => ProtocolName;

    public ParameterSchema Parameters { get; } = ParameterSchema.For(typeof(TestPatternSettings));

    public BackendSession CreateSession(BackendContext context) => new TestPatternSession(context);
}
