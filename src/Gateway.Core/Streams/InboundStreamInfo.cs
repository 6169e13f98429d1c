namespace Gateway.Core.Streams;

/// <summary>The kind of a stream a client opens.</summary>
public enum InboundStreamKind
{
    File,
    Pipe,
    Audio,
}

/// <summary>An inbound stream as announced by <c>file</c>, <c>pipe</c> or <c>audio</c>.</summary>
/// <param name="Index">The client's stream index.</param>
/// <param name="Kind">What opened it.</param>
/// <param name="Mimetype">The declared mimetype.</param>
/// <param name="Name">The file name (file) or pipe name (pipe); empty for audio.</param>
public sealed record InboundStreamInfo(int Index, InboundStreamKind Kind, string Mimetype, string Name);
