using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Messages;

/// <summary>
/// Sans-IO reader of server-to-client messages (RFC 6143 7.6 plus the community extensions we announce). Feed it
/// what arrived with <see cref="Read"/>; it handles one message per call, or a FramebufferUpdate's rectangles as far
/// as the bytes go. When it needs more data, the buffer is advanced only past what decoders absorbed into their own
/// state (and whole rectangle headers already taken), so the caller keeps the rest and adds bytes to it.
/// Every size from the server is checked before anything is allocated; violations throw <see cref="RfbProtocolException"/>.
/// </summary>
public sealed class ServerMessageReader
{
    /// <summary>Default cap on the Latin-1 text of one ServerCutText kept (longer text is cut, the rest skipped).</summary>
    public const int DefaultMaxCutTextBytes = 256 * 1024;

    /// <summary>Default cap on one Extended Clipboard message on the wire.</summary>
    public const int DefaultMaxExtendedClipboardBytes = 1024 * 1024;

    /// <summary>Default cap on what an Extended Clipboard provide message may inflate to.</summary>
    public const int DefaultMaxClipboardInflatedBytes = 4 * 1024 * 1024;

    /// <summary>Default cap on one QEMU audio data block.</summary>
    public const int DefaultMaxAudioBlockBytes = 1024 * 1024;

    /// <summary>Largest framebuffer side a server may announce.</summary>
    public const int MaxFramebufferSide = 16384;

    /// <summary>Longest desktop name accepted.</summary>
    public const int MaxDesktopNameBytes = 64 * 1024;

    private readonly Dictionary<int, IRectangleDecoder> _decoders = new();
    private bool _inUpdate;
    private int _rectanglesLeft;
    private bool _haveRectangle;
    private RectangleHeader _rectangle;
    private long _skip;

    /// <summary>Creates a reader that dispatches rectangles to <paramref name="decoders"/> (by their encoding).</summary>
    public ServerMessageReader(DecoderContext context, IEnumerable<IRectangleDecoder> decoders)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decoders);
        Context = context;
        foreach (var decoder in decoders)
        {
            _decoders[decoder.Encoding] = decoder;
        }
    }

    /// <summary>The decoder context (pixel format, colour map, limits).</summary>
    public DecoderContext Context { get; }

    /// <summary>The encodings a decoder was given for.</summary>
    public IReadOnlyCollection<int> DecoderEncodings => _decoders.Keys;

    /// <summary>Cap on kept ServerCutText bytes.</summary>
    public int MaxCutTextBytes { get; init; } = DefaultMaxCutTextBytes;

    /// <summary>Cap on one Extended Clipboard message.</summary>
    public int MaxExtendedClipboardBytes { get; init; } = DefaultMaxExtendedClipboardBytes;

    /// <summary>Cap on inflated Extended Clipboard data.</summary>
    public int MaxClipboardInflatedBytes { get; init; } = DefaultMaxClipboardInflatedBytes;

    /// <summary>Cap on one QEMU audio block.</summary>
    public int MaxAudioBlockBytes { get; init; } = DefaultMaxAudioBlockBytes;

    /// <summary>True while inside a FramebufferUpdate.</summary>
    public bool InFramebufferUpdate => _inUpdate;

    /// <summary>
    /// Handles the next message (or continues the current FramebufferUpdate). Returns true when a whole message was
    /// handled and <paramref name="buffer"/> starts after it; false when more bytes are needed.
    /// </summary>
    public bool Read(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_skip > 0)
        {
            long take = Math.Min(_skip, buffer.Length);
            buffer = buffer.Slice(take);
            _skip -= take;
            if (_skip > 0)
            {
                return false;
            }
        }

        if (_inUpdate)
        {
            return ContinueUpdate(ref buffer, handler);
        }

        if (buffer.IsEmpty)
        {
            return false;
        }

        byte type = buffer.FirstSpan[0];
        return type switch
        {
            ServerMessageType.FramebufferUpdate => StartUpdate(ref buffer, handler),
            ServerMessageType.SetColourMapEntries => ReadColourMap(ref buffer),
            ServerMessageType.Bell => ReadBell(ref buffer, handler),
            ServerMessageType.ServerCutText => ReadCutText(ref buffer, handler),
            ServerMessageType.EndOfContinuousUpdates => ReadEndOfContinuousUpdates(ref buffer, handler),
            ServerMessageType.ServerFence => ReadFence(ref buffer, handler),
            ServerMessageType.Qemu => ReadQemu(ref buffer, handler),
            _ => throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"unknown server message type {type}")),
        };
    }

    /// <summary>Forgets any message in progress and every decoder's state (a new connection).</summary>
    public void Reset()
    {
        _inUpdate = false;
        _haveRectangle = false;
        _rectanglesLeft = 0;
        _skip = 0;
        foreach (var decoder in _decoders.Values)
        {
            decoder.Reset();
        }
    }

    private static bool TryPeek(in ReadOnlySequence<byte> buffer, Span<byte> destination)
    {
        if (buffer.Length < destination.Length)
        {
            return false;
        }

        buffer.Slice(0, destination.Length).CopyTo(destination);
        return true;
    }

    private bool StartUpdate(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[4];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        buffer = buffer.Slice(4);
        _inUpdate = true;
        _haveRectangle = false;
        _rectanglesLeft = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        return ContinueUpdate(ref buffer, handler);
    }

    private bool ContinueUpdate(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[RectangleHeader.Size];
        while (true)
        {
            if (!_haveRectangle)
            {
                if (_rectanglesLeft == 0)
                {
                    EndUpdate(handler);
                    return true;
                }

                if (!TryPeek(buffer, head))
                {
                    return false;
                }

                _rectangle = new RectangleHeader(
                    BinaryPrimitives.ReadUInt16BigEndian(head),
                    BinaryPrimitives.ReadUInt16BigEndian(head[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(head[4..]),
                    BinaryPrimitives.ReadUInt16BigEndian(head[6..]),
                    BinaryPrimitives.ReadInt32BigEndian(head[8..]));
                buffer = buffer.Slice(RectangleHeader.Size);
                _haveRectangle = true;
                _rectanglesLeft--;
                if (_rectangle.Encoding == EncodingType.LastRect)
                {
                    _haveRectangle = false;
                    EndUpdate(handler);
                    return true;
                }

                CheckBounds(_rectangle, handler.Framebuffer);
            }

            if (!ReadRectangle(ref buffer, handler))
            {
                return false;
            }

            _haveRectangle = false;
        }
    }

    private void EndUpdate(IServerMessageHandler handler)
    {
        _inUpdate = false;
        _rectanglesLeft = 0;
        handler.OnFramebufferUpdateEnd();
    }

    private static void CheckBounds(in RectangleHeader header, IFramebufferSink sink)
    {
        // Real encodings (non-negative numbers) draw into the framebuffer; pseudo-encodings reuse the fields.
        if (header.Encoding < 0)
        {
            return;
        }

        if ((long)header.X + header.Width > sink.Width || (long)header.Y + header.Height > sink.Height)
        {
            throw new RfbProtocolException(string.Create(
                CultureInfo.InvariantCulture,
                $"rectangle {header.Width}x{header.Height} at ({header.X},{header.Y}) with encoding {header.Encoding} lies outside the {sink.Width}x{sink.Height} framebuffer"));
        }
    }

    private bool ReadRectangle(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        var header = _rectangle;
        switch (header.Encoding)
        {
            case EncodingType.DesktopSize:
                CheckSize(header.Width, header.Height, "desktop size");
                handler.OnDesktopSize(header.Width, header.Height);
                return true;
            case EncodingType.ExtendedDesktopSize:
                return ReadExtendedDesktopSize(ref buffer, header, handler);
            case EncodingType.DesktopName:
                return ReadDesktopName(ref buffer, handler);
            case EncodingType.QemuExtendedKeyEvent:
            case EncodingType.QemuAudio:
            case EncodingType.QemuPointerMotionChange:
            case EncodingType.Fence:
            case EncodingType.ContinuousUpdates:
            case EncodingType.ExtendedClipboard:
                handler.OnPseudoEncoding(header);
                return true;
        }

        if (!_decoders.TryGetValue(header.Encoding, out var decoder))
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"rectangle encoding {header.Encoding} was not requested"));
        }

        var reader = new SequenceReader<byte>(buffer);
        var status = decoder.Decode(ref reader, header, Context, handler.Framebuffer);
        buffer = buffer.Slice(reader.Position);
        return status == DecodeStatus.Complete;
    }

    private static void CheckSize(int width, int height, string what)
    {
        if (width <= 0 || height <= 0 || width > MaxFramebufferSide || height > MaxFramebufferSide)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"{what} {width}x{height} is out of range"));
        }
    }

    private static bool ReadExtendedDesktopSize(ref ReadOnlySequence<byte> buffer, in RectangleHeader header, IServerMessageHandler handler)
    {
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(head);
        int count = head[0];
        long total = 4 + (long)count * ScreenLayout.Size;
        if (buffer.Length < total)
        {
            return false;
        }

        var screens = new ScreenLayout[count];
        Span<byte> one = stackalloc byte[ScreenLayout.Size];
        for (int i = 0; i < count; i++)
        {
            buffer.Slice(4 + (i * ScreenLayout.Size), ScreenLayout.Size).CopyTo(one);
            screens[i] = new ScreenLayout(
                BinaryPrimitives.ReadUInt32BigEndian(one),
                BinaryPrimitives.ReadUInt16BigEndian(one[4..]),
                BinaryPrimitives.ReadUInt16BigEndian(one[6..]),
                BinaryPrimitives.ReadUInt16BigEndian(one[8..]),
                BinaryPrimitives.ReadUInt16BigEndian(one[10..]),
                BinaryPrimitives.ReadUInt32BigEndian(one[12..]));
        }

        buffer = buffer.Slice(total);
        var size = new ExtendedDesktopSize(header.X, header.Y, header.Width, header.Height, screens);
        if (size.Status == 0)
        {
            CheckSize(header.Width, header.Height, "extended desktop size");
        }

        handler.OnExtendedDesktopSize(size);
        return true;
    }

    private static bool ReadDesktopName(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[4];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (length > MaxDesktopNameBytes)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"desktop name length {length} exceeds {MaxDesktopNameBytes}"));
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        string name = Encoding.UTF8.GetString(buffer.Slice(4, length));
        buffer = buffer.Slice(4 + length);
        handler.OnDesktopName(name);
        return true;
    }

    private bool ReadColourMap(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[6];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        int first = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(head[4..]);
        if (first + count > Context.ColourMap.Length)
        {
            throw new RfbProtocolException(string.Create(
                CultureInfo.InvariantCulture,
                $"colour map entries {first}..{first + count - 1} run past the {Context.ColourMap.Length}-entry colour map"));
        }

        long total = 6 + (count * 6L);
        if (buffer.Length < total)
        {
            return false;
        }

        Span<byte> entry = stackalloc byte[6];
        for (int i = 0; i < count; i++)
        {
            buffer.Slice(6 + (i * 6L), 6).CopyTo(entry);
            uint r = (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry) >> 8);
            uint g = (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry[2..]) >> 8);
            uint b = (uint)(BinaryPrimitives.ReadUInt16BigEndian(entry[4..]) >> 8);
            Context.ColourMap[first + i] = b | (g << 8) | (r << 16) | 0xFF000000u;
        }

        buffer = buffer.Slice(total);
        return true;
    }

    private static bool ReadBell(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        buffer = buffer.Slice(1);
        handler.OnBell();
        return true;
    }

    private static bool ReadEndOfContinuousUpdates(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        buffer = buffer.Slice(1);
        handler.OnEndOfContinuousUpdates();
        return true;
    }

    private bool ReadCutText(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[8];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(head[4..]);
        if (length < 0)
        {
            return ReadExtendedClipboard(ref buffer, -(long)length, handler);
        }

        int kept = Math.Min(length, MaxCutTextBytes);
        if (buffer.Length < 8 + kept)
        {
            return false;
        }

        var text = buffer.Slice(8, kept);
        if (text.IsSingleSegment)
        {
            handler.OnServerCutText(text.FirstSpan, kept < length);
        }
        else
        {
            handler.OnServerCutText(text.ToArray(), kept < length);
        }

        buffer = buffer.Slice(8 + kept);
        _skip = length - kept;
        return true;
    }

    private bool ReadExtendedClipboard(ref ReadOnlySequence<byte> buffer, long length, IServerMessageHandler handler)
    {
        if (length < 4 || length > MaxExtendedClipboardBytes)
        {
            throw new RfbProtocolException(string.Create(
                CultureInfo.InvariantCulture,
                $"extended clipboard message length {length} is outside 4..{MaxExtendedClipboardBytes}"));
        }

        if (buffer.Length < 8 + length)
        {
            return false;
        }

        byte[] payload = buffer.Slice(8, length).ToArray();
        buffer = buffer.Slice(8 + length);
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(payload);
        uint formats = flags & ExtendedClipboardFlags.FormatMask;
        var body = payload.AsSpan(4);
        var sizes = new List<uint>();
        string? text = null;
        if ((flags & ExtendedClipboardFlags.Caps) != 0)
        {
            for (int bit = 0; bit < 16; bit++)
            {
                if ((formats & (1u << bit)) == 0)
                {
                    continue;
                }

                if (body.Length < 4)
                {
                    throw new RfbProtocolException("extended clipboard caps message is truncated");
                }

                sizes.Add(BinaryPrimitives.ReadUInt32BigEndian(body));
                body = body[4..];
            }
        }
        else if ((flags & ExtendedClipboardFlags.Provide) != 0)
        {
            text = ReadProvidedText(payload.AsMemory(4), formats);
        }

        handler.OnExtendedClipboard(new ExtendedClipboardMessage(flags, sizes, text));
        return true;
    }

    private string? ReadProvidedText(ReadOnlyMemory<byte> compressed, uint formats)
    {
        byte[] inflated = Inflate(compressed, MaxClipboardInflatedBytes);
        var data = inflated.AsSpan();
        string? text = null;
        for (int bit = 0; bit < 16; bit++)
        {
            if ((formats & (1u << bit)) == 0)
            {
                continue;
            }

            if (data.Length < 4)
            {
                throw new RfbProtocolException("extended clipboard provide data is truncated");
            }

            uint size = BinaryPrimitives.ReadUInt32BigEndian(data);
            if (size > (uint)(data.Length - 4))
            {
                throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"extended clipboard format size {size} runs past its data"));
            }

            var item = data.Slice(4, (int)size);
            if (bit == 0)
            {
                int nul = item.IndexOf((byte)0);
                text = Encoding.UTF8.GetString(nul >= 0 ? item[..nul] : item);
            }

            data = data[(4 + (int)size)..];
        }

        return text;
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> compressed, int limit)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] chunk = new byte[16384];
            int read;
            while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"extended clipboard data inflates past {limit} bytes"));
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new RfbProtocolException("extended clipboard data is not a valid zlib stream", e);
        }
    }

    private static bool ReadFence(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[9];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        uint flags = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        int length = head[8];
        if (length > 64)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"server fence payload length {length} exceeds 64"));
        }

        if (buffer.Length < 9 + length)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[64];
        payload = payload[..length];
        buffer.Slice(9, length).CopyTo(payload);
        buffer = buffer.Slice(9 + length);
        handler.OnServerFence(flags, payload);
        return true;
    }

    private bool ReadQemu(ref ReadOnlySequence<byte> buffer, IServerMessageHandler handler)
    {
        Span<byte> head = stackalloc byte[4];
        if (!TryPeek(buffer, head))
        {
            return false;
        }

        if (head[1] != 1)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"unknown qemu server message subtype {head[1]}"));
        }

        int operation = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        switch (operation)
        {
            case (int)QemuAudioOperation.End:
            case (int)QemuAudioOperation.Begin:
                buffer = buffer.Slice(4);
                handler.OnQemuAudio((QemuAudioOperation)operation, []);
                return true;
            case (int)QemuAudioOperation.Data:
                Span<byte> withLength = stackalloc byte[8];
                if (!TryPeek(buffer, withLength))
                {
                    return false;
                }

                uint length = BinaryPrimitives.ReadUInt32BigEndian(withLength[4..]);
                if (length > MaxAudioBlockBytes)
                {
                    throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"qemu audio block length {length} exceeds {MaxAudioBlockBytes}"));
                }

                if (buffer.Length < 8 + length)
                {
                    return false;
                }

                var data = buffer.Slice(8, length);
                handler.OnQemuAudio(QemuAudioOperation.Data, data.IsSingleSegment ? data.FirstSpan : data.ToArray());
                buffer = buffer.Slice(8 + length);
                return true;
            default:
                throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture, $"unknown qemu audio operation {operation}"));
        }
    }
}
