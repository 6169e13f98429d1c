using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Vnc.Tests.Driver;

/// <summary>
/// Continuous updates and fences in the driver, against a scripted server: the exact bytes the client sends as the
/// server confirms continuous updates, pushes updates, asks for fences, resizes and ends continuous updates.
/// </summary>
public sealed class ContinuousUpdatesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConfirmedContinuousUpdatesReplacePollingAndFollowResizes()
    {
        await using var server = new FakeRfbServer(16, 8);
        await using var manager = new SessionManager([new VncBackend()]);
        var transport = Open(manager, server.Port, continuousUpdates: true);
        var stream = await server.ConnectedAsync();

        // SetPixelFormat, SetEncodings (advertising Fence and ContinuousUpdates), the first full request.
        await server.WaitForBytesAsync(24);
        int count = (server.Received[22] << 8) | server.Received[23];
        int at = 24 + (4 * count) + 10;
        await server.WaitForBytesAsync(at);
        var encodings = Enumerable.Range(0, count).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(server.Received.AsSpan(24 + (4 * i)))).ToList();
        Assert.Contains(EncodingType.Fence, encodings);
        Assert.Contains(EncodingType.ContinuousUpdates, encodings);
        Assert.Equal("0300" + "0000" + "0000" + "0010" + "0008", Hex(server.Received, at - 10, 10));

        // EndOfContinuousUpdates: continuous updates are enabled for the whole 16x8 framebuffer.
        await stream.WriteAsync(new byte[] { 150 });
        at = await ExpectAsync(server, at, "9601" + "0000" + "0000" + "0010" + "0008");

        // An update, then a fence asking for every flag: the frame is drawn, no polling request follows it, and
        // the fence is answered with the flags we honour (BlockBefore, BlockAfter) and the same payload.
        await stream.WriteAsync(Update(16, 8).Concat(Fence(0x80000007, 0xAB, 0xCD)).ToArray());
        await transport.ExpectAsync("sync", Timeout);
        at = await ExpectAsync(server, at, "F8000000" + "00000003" + "02" + "ABCD");

        // A fence without the request bit is an answer, not a question: nothing is sent. The next request is.
        await stream.WriteAsync(Fence(0x00000001, 0x01).Concat(Fence(0x80000000)).ToArray());
        at = await ExpectAsync(server, at, "F8000000" + "00000000" + "00");

        // The server resizes: continuous updates are re-enabled for the new area.
        var resize = new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, 32, 16, EncodingType.DesktopSize).ToArray();
        await stream.WriteAsync(resize.Concat(Fence(0x80000002, 0x07)).ToArray());
        at = await ExpectAsync(server, at, "9601" + "0000" + "0000" + "0020" + "0010" + "F8000000" + "00000002" + "01" + "07");

        // The server ends continuous updates: polling with incremental requests resumes (for the new size).
        await stream.WriteAsync(new byte[] { 150 });
        at = await ExpectAsync(server, at, "0301" + "0000" + "0000" + "0020" + "0010");

        // And every update is followed by the next incremental request again.
        await stream.WriteAsync(Update(32, 16));
        await ExpectAsync(server, at, "0301" + "0000" + "0000" + "0020" + "0010");
    }

    [Fact]
    public async Task FenceAnswerLeavesBeforeLaterMessagesAreProcessed()
    {
        await using var server = new FakeRfbServer(16, 8);
        await using var manager = new SessionManager([new VncBackend()]);
        var transport = Open(manager, server.Port);
        var stream = await server.ConnectedAsync();
        await server.WaitForBytesAsync(24);
        int count = (server.Received[22] << 8) | server.Received[23];
        int at = 24 + (4 * count) + 10;
        await server.WaitForBytesAsync(at);

        // Polling mode (no EndOfContinuousUpdates): a fence between two updates is answered between their
        // requests: the answer (with the first update's request) leaves before the second update is read.
        await stream.WriteAsync(Update(16, 8).Concat(Fence(0x80000003, 0x42)).Concat(Update(16, 8)).ToArray());
        await ExpectAsync(server, at, "F8000000" + "00000003" + "01" + "42" + "03010000000000100008" + "03010000000000100008");
        await transport.ExpectAsync("sync", Timeout);
    }

    [Fact]
    public async Task WithoutContinuousUpdatesRequestsArePacedWhileTheScreenKeepsChanging()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var server = new FakeRfbServer(16, 8);
        await using var manager = new SessionManager([new VncBackend()], time: time);
        var transport = Open(manager, server.Port);
        var stream = await server.ConnectedAsync();
        await server.WaitForBytesAsync(24);
        int count = (server.Received[22] << 8) | server.Received[23];
        var encodings = Enumerable.Range(0, count).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(server.Received.AsSpan(24 + (4 * i)))).ToList();
        Assert.DoesNotContain(EncodingType.ContinuousUpdates, encodings);
        int at = 24 + (4 * count) + 10;
        await server.WaitForBytesAsync(at);

        // The first update after a quiet spell is followed by the next request at once.
        await stream.WriteAsync(Update(16, 8));
        await transport.ExpectAsync("sync", Timeout);
        at = await ExpectAsync(server, at, "0301" + "0000" + "0000" + "0010" + "0008");

        // Another update within the same 1/60 s: its request waits until the interval is over.
        await stream.WriteAsync(Update(16, 8));
        await transport.ExpectAsync("sync", Timeout);
        await Task.Delay(200);
        Assert.Equal(at, server.Received.Length);
        time.Advance(TimeSpan.FromSeconds(1.0 / VncSession.MaxUpdatesPerSecond));
        await ExpectAsync(server, at, "0301" + "0000" + "0000" + "0010" + "0008");
    }

    private static MemoryTransport Open(SessionManager manager, int port, bool continuousUpdates = false)
    {
        var arguments = new Dictionary<string, string>
        {
            ["hostname"] = "127.0.0.1",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["disable-display-resize"] = "true",
            ["continuous-updates"] = continuousUpdates ? "true" : "false",
        };
        var transport = new MemoryTransport();
        var open = manager.Open(new ConnectRequest { Selected = "vnc", Arguments = arguments, Client = new ClientInfo { Width = 64, Height = 48 } }, transport);
        Assert.True(open.Error is null, "open refused: " + open.Error);
        _ = open.User!.RunAsync(CancellationToken.None);
        return transport;
    }

    private static async Task<int> ExpectAsync(FakeRfbServer server, int at, string hex)
    {
        int length = hex.Length / 2;
        await server.WaitForBytesAsync(at + length);
        Assert.Equal(hex, Hex(server.Received, at, length));
        return at + length;
    }

    private static string Hex(byte[] bytes, int offset, int length) => Convert.ToHexString(bytes, offset, length);

    private static byte[] Fence(uint flags, params byte[] payload) =>
        new Bytes().U8(248).U8(0).U8(0).U8(0).U32(flags).U8(payload.Length).Raw(payload).ToArray();

    private static byte[] Update(int width, int height)
    {
        var b = new Bytes().U8(0).U8(0).U16(1).Rect(0, 0, width, height, EncodingType.Raw);
        for (int i = 0; i < width * height; i++)
        {
            b.Raw(0, 0, 0xFF, 0);
        }

        return b.ToArray();
    }
}
