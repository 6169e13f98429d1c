using System.Buffers;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Decodes one RFB encoding (one type per file, as noVNC's decoders). A decoder lives as long as its connection, so
/// it may keep state across rectangles (zlib streams, Tight's four streams) and across calls for one rectangle.
/// <para>
/// Contract: <see cref="Decode"/> reads the rectangle's payload (the header has already been consumed) from
/// <paramref name="reader"/>. It returns <see cref="DecodeStatus.NeedMoreData"/> when the payload is incomplete; the
/// reader's position then marks how much it has taken into its own state (often nothing), and the caller calls again
/// with the same header and the unconsumed bytes plus more. Fed whole, in any two-way split or byte by byte, the
/// pixels drawn are the same. Bad input throws <see cref="Rfb.RfbProtocolException"/> only; sizes are checked against
/// <see cref="DecoderContext"/> limits before anything is allocated.
/// </para>
/// </summary>
public interface IRectangleDecoder
{
    /// <summary>The RFB encoding number this decoder handles (see <see cref="EncodingType"/>).</summary>
    int Encoding { get; }

    /// <summary>Decodes (part of) one rectangle; see the type's contract.</summary>
    DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink);

    /// <summary>Forgets all state (a new connection, or the server reset its zlib streams).</summary>
    void Reset();
}
