namespace Gateway.Vnc.Encodings;

/// <summary>What a decoder did with the bytes it was given. Errors are <see cref="Rfb.RfbProtocolException"/>.</summary>
public enum DecodeStatus
{
    /// <summary>The rectangle is not complete yet; call again with the same header once more bytes arrived.</summary>
    NeedMoreData,

    /// <summary>The rectangle was decoded and drawn; the reader is positioned after it.</summary>
    Complete,
}
