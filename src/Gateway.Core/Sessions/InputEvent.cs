namespace Gateway.Core.Sessions;

/// <summary>What one user instruction asks for, decoded from the parser's borrowed view into owned values.</summary>
internal enum InputKind
{
    Ignore,
    Ping,
    Sync,
    Disconnect,
    Key,
    Mouse,
    Touch,
    Size,
    OpenStream,
    Blob,
    End,
    Ack,
}

/// <summary>The kinds of stream a client opens.</summary>
internal enum StreamKind
{
    Clipboard,
    Argv,
    File,
    Pipe,
    Audio,
    Put,
}

/// <summary>A decoded input instruction. Blob data lives in the user's scratch buffer until the next decode.</summary>
internal struct InputEvent
{
    public InputKind Kind;
    public StreamKind Stream;
    public int A;
    public int B;
    public int C;
    public int D;
    public int E;
    public long Timestamp;
    public double X;
    public double Y;
    public string? Text1;
    public string? Text2;
    public int DataLength;
}
