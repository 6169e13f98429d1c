using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gateway.Bench;

/// <summary>
/// `animate` mode: the full-screen animation workload. A minimal X11 client (core protocol over the display's Unix
/// socket, no library) that paints the whole root window with ZPixmap PutImage requests at a fixed frame rate. The
/// frames are a deterministic colour plasma with a little fixed noise, computed once (a cycle of ten phases), so each
/// frame changes every pixel the way video does and costs this process almost nothing but the socket writes.
/// </summary>
internal static class X11Animator
{
    private const int FrameCount = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        int display = -1, fps = 10, width = 1280, height = 800;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--display": display = value; break;
                case "--fps": fps = Math.Clamp(value, 1, 120); break;
                case "--width": width = Math.Clamp(value, 1, 8192); break;
                case "--height": height = Math.Clamp(value, 1, 8192); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (display < 0)
        {
            throw new ArgumentException("--display is required");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint($"/tmp/.X11-unix/X{display.ToString(CultureInfo.InvariantCulture)}")).ConfigureAwait(false);
        var setup = await SetupAsync(socket).ConfigureAwait(false);
        width = Math.Min(width, setup.Width);
        height = Math.Min(height, setup.Height);

        // CreateGC (opcode 55) with no values on the root window.
        uint gc = setup.IdBase | 1;
        byte[] createGc = new byte[16];
        createGc[0] = 55;
        BinaryPrimitives.WriteUInt16LittleEndian(createGc.AsSpan(2), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(createGc.AsSpan(4), gc);
        BinaryPrimitives.WriteUInt32LittleEndian(createGc.AsSpan(8), setup.Root);
        await socket.SendAsync(createGc).ConfigureAwait(false);

        var frames = new byte[FrameCount][];
        for (int k = 0; k < FrameCount; k++)
        {
            frames[k] = BuildFrameRequests(setup, gc, width, height, k);
        }

        // Drain whatever the server sends (errors, if any) so it never blocks on us.
        _ = Task.Run(async () =>
        {
            byte[] sink = new byte[4096];
            while (await socket.ReceiveAsync(sink).ConfigureAwait(false) > 0)
            {
            }
        });

        var clock = Stopwatch.StartNew();
        long frame = 0;
        while (true)
        {
            await socket.SendAsync(frames[frame % FrameCount]).ConfigureAwait(false);
            frame++;
            var due = TimeSpan.FromSeconds((double)frame / fps) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due).ConfigureAwait(false);
            }
        }
    }

    private static byte[] BuildFrameRequests(Setup setup, uint gc, int width, int height, int k)
    {
        // ZPixmap, depth 24 at 32 bits per pixel, little-endian: B, G, R, X.
        int rowBytes = width * 4;
        int maxData = (setup.MaxRequestUnits * 4) - 24;
        int rowsPerRequest = Math.Max(1, Math.Min(height, maxData / rowBytes));
        int requests = (height + rowsPerRequest - 1) / rowsPerRequest;
        byte[] all = new byte[(requests * 24) + (height * rowBytes)];
        double phase = 2 * Math.PI * k / FrameCount;
        uint noise = 0x9E3779B9u;
        int at = 0;
        for (int y0 = 0; y0 < height; y0 += rowsPerRequest)
        {
            int rows = Math.Min(rowsPerRequest, height - y0);
            var header = all.AsSpan(at, 24);
            header[0] = 72; // PutImage
            header[1] = 2; // ZPixmap
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)(6 + (rows * rowBytes / 4)));
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], setup.Root);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], gc);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], (ushort)rows);
            BinaryPrimitives.WriteInt16LittleEndian(header[16..], 0);
            BinaryPrimitives.WriteInt16LittleEndian(header[18..], (short)y0);
            header[20] = 0; // left pad
            header[21] = setup.RootDepth;
            at += 24;
            for (int y = y0; y < y0 + rows; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    noise ^= noise << 13;
                    noise ^= noise >> 17;
                    noise ^= noise << 5;
                    int n = (int)(noise & 7) - 3;
                    all[at++] = Channel((Math.Sin(((x + y) * 0.011) + (2 * phase)) * 120) + n);
                    all[at++] = Channel((Math.Sin((y * 0.017) - phase) * 120) + n);
                    all[at++] = Channel((Math.Sin((x * 0.013) + phase) * 120) + n);
                    all[at++] = 0;
                }
            }
        }

        return all;
    }

    private static byte Channel(double v) => (byte)Math.Clamp((int)(128 + v), 0, 255);

    private static async Task<Setup> SetupAsync(Socket socket)
    {
        // Connection setup: little-endian ('l'), protocol 11.0, no authorization (Xvnc accepts local clients).
        byte[] request = new byte[12];
        request[0] = (byte)'l';
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(2), 11);
        await socket.SendAsync(request).ConfigureAwait(false);
        byte[] head = new byte[8];
        await ReceiveExactlyAsync(socket, head).ConfigureAwait(false);
        int extra = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6)) * 4;
        byte[] body = new byte[extra];
        await ReceiveExactlyAsync(socket, body).ConfigureAwait(false);
        if (head[0] != 1)
        {
            throw new InvalidOperationException("the X server refused the connection");
        }

        uint idBase = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4));
        int vendorLength = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(16));
        int maxRequest = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(18));
        int formats = body[21];
        if (body[22] != 0)
        {
            throw new InvalidOperationException("the X server's image byte order is not little-endian");
        }

        int screen = 32 + ((vendorLength + 3) & ~3) + (formats * 8);
        uint root = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(screen));
        int screenWidth = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(screen + 20));
        int screenHeight = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(screen + 22));
        byte rootDepth = body[screen + 38];
        if (rootDepth != 24)
        {
            throw new InvalidOperationException("the animation needs a depth-24 root window (Xvnc -depth 24)");
        }

        return new Setup(idBase, root, rootDepth, maxRequest, screenWidth, screenHeight);
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(got)).ConfigureAwait(false);
            if (n == 0)
            {
                throw new InvalidOperationException("the X server closed the connection during setup");
            }

            got += n;
        }
    }

    private readonly record struct Setup(uint IdBase, uint Root, byte RootDepth, int MaxRequestUnits, int Width, int Height);
}
