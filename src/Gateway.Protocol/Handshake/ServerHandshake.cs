using System.Buffers;

namespace Gateway.Protocol.Handshake;

/// <summary>
/// The server side of the Guacamole handshake (GUACAMOLE.md §1.3) as a sans-IO state machine:
/// <c>select</c> → <c>args</c> (version first) → <c>size</c>/<c>audio</c>/<c>video</c>/<c>image</c>/
/// <c>timezone</c>/<c>name</c> in any order → <c>connect</c> (value count checked) → <c>ready</c>.
/// Time is passed in, never read.
/// </summary>
public sealed class ServerHandshake
{
    /// <summary>guacd's GUACD_TIMEOUT: the whole handshake must finish within this.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Largest accepted <c>select</c> identifier, in code points (CVE-2012-4415 was a long one).</summary>
    public const int MaxIdentifierLength = 256;

    /// <summary>Largest number of mimetypes kept per media kind.</summary>
    public const int MaxMimetypes = 32;

    private readonly long _deadline;
    private IReadOnlyList<string> _parameterNames = [];
    private Dictionary<string, string>? _arguments;
    private ClientInfo _client = new();

    /// <param name="startedAtMs">The current time in milliseconds on any monotonic clock.</param>
    /// <param name="timeout">How long the client has to complete the handshake; guacd's 15 s by default.</param>
    public ServerHandshake(long startedAtMs, TimeSpan? timeout = null)
    {
        _deadline = startedAtMs + (long)(timeout ?? DefaultTimeout).TotalMilliseconds;
    }

    public HandshakePhase Phase { get; private set; } = HandshakePhase.AwaitingSelect;

    /// <summary>The protocol name or <c>$connection-id</c> from <c>select</c>.</summary>
    public string? Selected { get; private set; }

    /// <summary>True when <see cref="Selected"/> names an existing connection to join.</summary>
    public bool IsJoin => Selected is { Length: > 0 } s && s[0] == '$';

    /// <summary>The parameter names offered in <c>args</c>, without the version.</summary>
    public IReadOnlyList<string> ParameterNames => _parameterNames;

    /// <summary>Everything the client said about itself.</summary>
    public ClientInfo Client => _client;

    /// <summary>Parameter values from <c>connect</c>, by name. Only after <see cref="HandshakePhase.Completed"/>.</summary>
    public IReadOnlyDictionary<string, string> Arguments =>
        _arguments ?? throw new InvalidOperationException("the handshake is not complete");

    /// <summary>Why the handshake failed.</summary>
    public ProtocolError? Error { get; private set; }

    /// <summary>True when the client has run out of time.</summary>
    public bool HasTimedOut(long nowMs) => Phase is not HandshakePhase.Completed and not HandshakePhase.Failed && nowMs >= _deadline;

    /// <summary>Milliseconds left before <see cref="HasTimedOut"/>.</summary>
    public long RemainingMs(long nowMs) => Math.Max(0, _deadline - nowMs);

    /// <summary>Feeds one instruction from the client.</summary>
    public HandshakeEvent Receive(in InstructionView instruction)
    {
        switch (Phase)
        {
            case HandshakePhase.AwaitingSelect:
                return ReceiveSelect(instruction);
            case HandshakePhase.Selected:
            case HandshakePhase.AwaitingConnect:
                return ReceiveOption(instruction);
            case HandshakePhase.Failed:
                return HandshakeEvent.Failed;
            default:
                return Fail(GuacamoleStatus.ClientBadRequest, "handshake already complete");
        }
    }

    /// <summary>Writes <c>args</c> (our version first, then the parameter names) and moves on.</summary>
    public void WriteArgs(IBufferWriter<byte> output, IReadOnlyList<string> parameterNames)
    {
        ArgumentNullException.ThrowIfNull(parameterNames);
        if (Phase != HandshakePhase.Selected)
        {
            throw new InvalidOperationException("args is sent once, after select");
        }

        _parameterNames = parameterNames;
        var writer = InstructionWriter.Start(output, "args"u8).Add(ProtocolVersions.Latest.ToWireString());
        foreach (var name in parameterNames)
        {
            writer = writer.Add(name);
        }

        writer.End();
        Phase = HandshakePhase.AwaitingConnect;
    }

    /// <summary>Writes <c>ready,&lt;connection-id&gt;</c>.</summary>
    public static void WriteReady(IBufferWriter<byte> output, string connectionId) =>
        InstructionWriter.Start(output, "ready"u8).Add(connectionId).End();

    /// <summary>Writes <c>error,&lt;message&gt;,&lt;status&gt;</c>.</summary>
    public static void WriteError(IBufferWriter<byte> output, ProtocolError error) =>
        InstructionWriter.Start(output, "error"u8).Add(error.Message).Add((int)error.Status).End();

    /// <summary>Marks the handshake failed for a reason found outside it (e.g. unknown protocol, timeout).</summary>
    public void Abort(GuacamoleStatus status, string message) => Fail(status, message);

    private HandshakeEvent ReceiveSelect(in InstructionView instruction)
    {
        if (!instruction.Is("select"u8))
        {
            return Fail(GuacamoleStatus.ClientBadRequest, "expected select as the first instruction");
        }

        if (instruction.ArgCount != 1)
        {
            return Fail(GuacamoleStatus.ClientBadRequest, "select takes exactly one argument");
        }

        var id = instruction.Arg(0);
        if (id.IsEmpty || CodePoints.CountUtf8(id) > MaxIdentifierLength)
        {
            return Fail(GuacamoleStatus.ClientBadRequest, "select names no valid protocol or connection");
        }

        Selected = instruction.GetString(0);
        Phase = HandshakePhase.Selected;
        return HandshakeEvent.Selected;
    }

    private HandshakeEvent ReceiveOption(in InstructionView instruction)
    {
        if (instruction.Is("size"u8))
        {
            if (instruction.ArgCount < 2
                || !instruction.TryGetInt32(0, out int width)
                || !instruction.TryGetInt32(1, out int height)
                || width <= 0 || height <= 0)
            {
                return Fail(GuacamoleStatus.ClientBadRequest, "size needs a positive width and height");
            }

            int dpi = _client.Dpi;
            if (instruction.ArgCount >= 3)
            {
                if (!instruction.TryGetInt32(2, out dpi) || dpi <= 0)
                {
                    return Fail(GuacamoleStatus.ClientBadRequest, "size has an invalid dpi");
                }
            }

            _client = _client with
            {
                Width = ClientInfo.ClampDimension(width),
                Height = ClientInfo.ClampDimension(height),
                Dpi = ClientInfo.ClampDpi(dpi),
            };
            return HandshakeEvent.None;
        }

        if (instruction.Is("audio"u8))
        {
            _client = _client with { AudioMimetypes = Strings(instruction) };
            return HandshakeEvent.None;
        }

        if (instruction.Is("video"u8))
        {
            _client = _client with { VideoMimetypes = Strings(instruction) };
            return HandshakeEvent.None;
        }

        if (instruction.Is("image"u8))
        {
            _client = _client with { ImageMimetypes = Strings(instruction) };
            return HandshakeEvent.None;
        }

        if (instruction.Is("timezone"u8))
        {
            if (instruction.ArgCount >= 1)
            {
                _client = _client with { Timezone = instruction.GetString(0) };
            }

            return HandshakeEvent.None;
        }

        if (instruction.Is("name"u8))
        {
            if (instruction.ArgCount >= 1)
            {
                _client = _client with { Name = instruction.GetString(0) };
            }

            return HandshakeEvent.None;
        }

        if (instruction.Is("connect"u8))
        {
            return ReceiveConnect(instruction);
        }

        // guacd ignores anything else during the handshake.
        return HandshakeEvent.None;
    }

    private HandshakeEvent ReceiveConnect(in InstructionView instruction)
    {
        if (Phase != HandshakePhase.AwaitingConnect)
        {
            return Fail(GuacamoleStatus.ClientBadRequest, "connect arrived before args was sent");
        }

        int expected = _parameterNames.Count + 1;
        if (instruction.ArgCount != expected)
        {
            return Fail(
                GuacamoleStatus.ClientBadRequest,
                $"connect has {instruction.ArgCount} values but {expected} were expected");
        }

        var version = ProtocolVersions.Parse(instruction.GetString(0));
        var arguments = new Dictionary<string, string>(_parameterNames.Count, StringComparer.Ordinal);
        for (int i = 0; i < _parameterNames.Count; i++)
        {
            arguments[_parameterNames[i]] = instruction.GetString(i + 1);
        }

        _arguments = arguments;
        _client = _client with { Version = version };
        Phase = HandshakePhase.Completed;
        return HandshakeEvent.Completed;
    }

    private static string[] Strings(in InstructionView instruction)
    {
        int n = Math.Min(instruction.ArgCount, MaxMimetypes);
        var values = new string[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = instruction.GetString(i);
        }

        return values;
    }

    private HandshakeEvent Fail(GuacamoleStatus status, string message)
    {
        Error = new ProtocolError(status, message);
        Phase = HandshakePhase.Failed;
        return HandshakeEvent.Failed;
    }
}
