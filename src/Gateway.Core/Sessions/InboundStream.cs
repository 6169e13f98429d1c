using System.Buffers;
using Gateway.Core.Streams;

namespace Gateway.Core.Sessions;

/// <summary>The state of one stream a user opened: buffered (clipboard, argv) or handed to the back end.</summary>
internal sealed class InboundStream
{
    private ArrayBufferWriter<byte>? _buffer;

    public InboundStream(int index, StreamKind kind, string mimetype, string name)
    {
        Index = index;
        Kind = kind;
        Mimetype = mimetype;
        Name = name;
    }

    public int Index { get; }

    public StreamKind Kind { get; }

    public string Mimetype { get; }

    public string Name { get; }

    /// <summary>Bytes kept at most for a buffered stream; the rest is dropped (truncation, as guacd does).</summary>
    public int Limit { get; set; }

    public bool Truncated { get; private set; }

    public IInboundStreamHandler? Handler { get; set; }

    public ReadOnlyMemory<byte> Content => _buffer?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public void Append(ReadOnlySpan<byte> data)
    {
        int room = Limit - (_buffer?.WrittenCount ?? 0);
        if (data.Length > room)
        {
            Truncated = true;
            data = data[..Math.Max(0, room)];
        }

        if (data.IsEmpty)
        {
            return; // also covers a limit of 0 (an ArrayBufferWriter cannot start empty)
        }

        _buffer ??= new ArrayBufferWriter<byte>(Math.Clamp(Limit, 1, 4096));
        _buffer.Write(data);
    }

    public void Abort() => Handler?.OnAborted();
}
