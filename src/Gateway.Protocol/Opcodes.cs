namespace Gateway.Protocol;

/// <summary>Guacamole instruction opcodes (see GUACAMOLE.md §1.5 for argument orders).</summary>
public static class Opcodes
{
    /// <summary>The empty opcode, reserved for tunnel-internal instructions.</summary>
    public const string Internal = "";

    // Handshake
    public const string Select = "select";
    public const string Args = "args";
    public const string Connect = "connect";
    public const string Ready = "ready";
    public const string Size = "size";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Image = "image";
    public const string Timezone = "timezone";
    public const string Name = "name";

    // Control
    public const string Sync = "sync";
    public const string Nop = "nop";
    public const string Disconnect = "disconnect";
    public const string Error = "error";
    public const string Log = "log";
    public const string Msg = "msg";
    public const string Required = "required";

    // Input
    public const string Key = "key";
    public const string Mouse = "mouse";
    public const string Touch = "touch";

    // Streams and objects
    public const string Ack = "ack";
    public const string Argv = "argv";
    public const string Blob = "blob";
    public const string Clipboard = "clipboard";
    public const string End = "end";
    public const string File = "file";
    public const string Pipe = "pipe";
    public const string Nest = "nest";
    public const string Filesystem = "filesystem";
    public const string Get = "get";
    public const string Put = "put";
    public const string Body = "body";
    public const string Undefine = "undefine";

    // Drawing
    public const string Arc = "arc";
    public const string Cfill = "cfill";
    public const string Clip = "clip";
    public const string Close = "close";
    public const string Copy = "copy";
    public const string Cstroke = "cstroke";
    public const string Cursor = "cursor";
    public const string Curve = "curve";
    public const string Dispose = "dispose";
    public const string Distort = "distort";
    public const string Identity = "identity";
    public const string Img = "img";
    public const string Lfill = "lfill";
    public const string Line = "line";
    public const string Lstroke = "lstroke";
    public const string Move = "move";
    public const string Pop = "pop";
    public const string Push = "push";
    public const string Rect = "rect";
    public const string Reset = "reset";
    public const string Set = "set";
    public const string Shade = "shade";
    public const string Start = "start";
    public const string Transfer = "transfer";
    public const string Transform = "transform";
}
