using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;
using Gateway.Vnc.Messages;
using Gateway.Vnc.Tests.Support;

namespace Gateway.Vnc.Tests.Driver;

/// <summary>
/// Extended Clipboard transcripts through the driver: the exact messages the client sends for the server's caps,
/// notify, request, peek and provide, and what reaches the browser.
/// </summary>
public sealed class ExtendedClipboardTests
{
    private const uint AllActions = ExtendedClipboardFlags.Request | ExtendedClipboardFlags.Peek | ExtendedClipboardFlags.Notify | ExtendedClipboardFlags.Provide;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CapsAreAnsweredAndServerNotifyIsRequestedThenProvidedToTheBrowser()
    {
        await using var c = await Conversation.StartAsync();

        // Caps (text, all actions): we answer with our own caps, text only, our clipboard limit.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Caps | AllActions | ExtendedClipboardFlags.Text, new Bytes().U32(10000).ToArray()));
        string limit = ((uint)c.Manager.Options.MaxClipboardBytes).ToString("X8", CultureInfo.InvariantCulture);
        await c.ExpectAsync("06000000" + "FFFFFFF8" + "1F000001" + limit);

        // Notify (text): we request the text.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Notify | ExtendedClipboardFlags.Text, []));
        await c.ExpectAsync("06000000" + "FFFFFFFC" + "02000001");

        // Provide (text, CRLF, NUL-terminated): the browser gets one clipboard stream with LF line ends.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text, Zlib("one\r\ntwo\0"u8)));
        var clipboard = await c.Transport.ExpectAsync("clipboard", Timeout);
        Assert.Equal("text/plain", clipboard.Args[1]);
        var blob = await c.Transport.ExpectAsync("blob", Timeout);
        Assert.Equal("one\ntwo", Encoding.UTF8.GetString(Convert.FromBase64String(blob.Args[1])));
    }

    [Fact]
    public async Task BrowserPasteIsNotifiedThenProvidedOnRequestAndPeekIsAnswered()
    {
        await using var c = await Conversation.StartAsync();

        // Before any paste, a peek is answered with a notify that names no format.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Caps | AllActions | ExtendedClipboardFlags.Text, new Bytes().U32(10000).ToArray())
            .Concat(Extended(ExtendedClipboardFlags.Peek, [])).ToArray());
        await c.SkipAsync(16); // our caps
        await c.ExpectAsync("06000000" + "FFFFFFFC" + "08000000");

        // The browser pastes: the server is only told that text is there.
        await c.PasteAsync("a\nb");
        await c.ExpectAsync("06000000" + "FFFFFFFC" + "08000001");

        // It asks for it: the text is provided with CRLF line ends, NUL-terminated, size first, zlib-compressed.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Request | ExtendedClipboardFlags.Text, []));
        byte[] provide = await c.NextExtendedAsync();
        Assert.Equal(ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text, BinaryPrimitives.ReadUInt32BigEndian(provide));
        Assert.Equal("00000005" + "610D0A6200", Convert.ToHexString(Inflate(provide.AsSpan(4))));

        // A peek now says text is there.
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Peek, []));
        await c.ExpectAsync("06000000" + "FFFFFFFC" + "08000001");
    }

    [Fact]
    public async Task ServerWithoutNotifyGetsThePasteProvidedAtOnce()
    {
        await using var c = await Conversation.StartAsync();
        await c.Stream.WriteAsync(Extended(ExtendedClipboardFlags.Caps | ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text, new Bytes().U32(10000).ToArray()));
        await c.SkipAsync(16); // our caps

        await c.PasteAsync("zz");
        byte[] provide = await c.NextExtendedAsync();
        Assert.Equal(ExtendedClipboardFlags.Provide | ExtendedClipboardFlags.Text, BinaryPrimitives.ReadUInt32BigEndian(provide));
        Assert.Equal("00000003" + "7A7A00", Convert.ToHexString(Inflate(provide.AsSpan(4))));
    }

    [Fact]
    public async Task WithoutCapsThePasteIsPlainClientCutTextInLatin1()
    {
        await using var c = await Conversation.StartAsync();
        await c.PasteAsync("café");
        await c.ExpectAsync("06000000" + "00000004" + "636166E9");
    }

    private static byte[] Extended(uint flags, byte[] rest) =>
        new Bytes().U8(3).Raw(0, 0, 0).S32(-(4 + rest.Length)).U32(flags).Raw(rest).ToArray();

    private static byte[] Zlib(ReadOnlySpan<byte> text)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(new Bytes().U32((uint)text.Length).ToArray());
            z.Write(text);
        }

        return compressed.ToArray();
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var z = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>One driver connected to a scripted server, positioned after the client's opening messages.</summary>
    private sealed class Conversation : IAsyncDisposable
    {
        private FakeRfbServer _server = null!;
        private int _at;

        public SessionManager Manager { get; private set; } = null!;

        public MemoryTransport Transport { get; private set; } = null!;

        public System.Net.Sockets.NetworkStream Stream { get; private set; } = null!;

        public static async Task<Conversation> StartAsync()
        {
            var c = new Conversation { _server = new FakeRfbServer(16, 8), Manager = new SessionManager([new VncBackend()]) };
            c.Transport = new MemoryTransport();
            var arguments = new Dictionary<string, string>
            {
                ["hostname"] = "127.0.0.1",
                ["port"] = c._server.Port.ToString(CultureInfo.InvariantCulture),
                ["disable-display-resize"] = "true",
            };
            var open = c.Manager.Open(new ConnectRequest { Selected = "vnc", Arguments = arguments, Client = new ClientInfo { Width = 64, Height = 48 } }, c.Transport);
            Assert.True(open.Error is null, "open refused: " + open.Error);
            _ = open.User!.RunAsync(CancellationToken.None);
            c.Stream = await c._server.ConnectedAsync();
            await c._server.WaitForBytesAsync(24);
            int count = (c._server.Received[22] << 8) | c._server.Received[23];
            c._at = 24 + (4 * count) + 10;
            await c._server.WaitForBytesAsync(c._at);
            return c;
        }

        public async Task ExpectAsync(string hex)
        {
            int length = hex.Length / 2;
            await _server.WaitForBytesAsync(_at + length);
            Assert.Equal(hex, Convert.ToHexString(_server.Received, _at, length));
            _at += length;
        }

        public async Task SkipAsync(int count)
        {
            await _server.WaitForBytesAsync(_at + count);
            _at += count;
        }

        /// <summary>The payload (flags onwards) of the next extended ClientCutText.</summary>
        public async Task<byte[]> NextExtendedAsync()
        {
            await _server.WaitForBytesAsync(_at + 8);
            Assert.Equal(6, _server.Received[_at]);
            int length = -BinaryPrimitives.ReadInt32BigEndian(_server.Received.AsSpan(_at + 4));
            Assert.InRange(length, 4, 1 << 20);
            await _server.WaitForBytesAsync(_at + 8 + length);
            byte[] payload = _server.Received.AsSpan(_at + 8, length).ToArray();
            _at += 8 + length;
            return payload;
        }

        public async Task PasteAsync(string text)
        {
            await Transport.WriteAsync("clipboard", "1", "text/plain");
            await Transport.WriteAsync("blob", "1", Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
            await Transport.WriteAsync("end", "1");
        }

        public async ValueTask DisposeAsync()
        {
            await Manager.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
