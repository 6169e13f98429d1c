using System.Globalization;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Display.Tests.Reference;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;
using Gateway.Vnc;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>
/// One browser on a VNC session through the gateway's session manager: a <see cref="MemoryTransport"/> whose output
/// feeds the reference client, plus helpers to wait for pixels, instructions and the end of the session.
/// Every wait is bounded; nothing asserts on speed.
/// </summary>
public sealed class VncGatewayClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly SessionManager _manager;
    private readonly List<Instruction> _other = [];
    private readonly HashSet<string> _imageStreams = new(StringComparer.Ordinal);
    private readonly List<string> _imageMimetypes = [];
    private readonly object _gate = new();
    private readonly Task _pump;
    private readonly TaskCompletionSource<Instruction> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _ownsManager;

    private VncGatewayClient(SessionManager manager, MemoryTransport transport, SessionUser user, bool ownsManager = true)
    {
        _manager = manager;
        _ownsManager = ownsManager;
        Transport = transport;
        User = user;
        _ = user.RunAsync(CancellationToken.None);
        _pump = PumpAsync();
    }

    public MemoryTransport Transport { get; }

    public SessionUser User { get; }

    public ReferenceClient Reference { get; } = new();

    /// <summary>Completes with the <c>error</c> instruction when the session ends with one.</summary>
    public Task<Instruction> Error => _error.Task;

    /// <summary>Opens a vnc session with <paramref name="arguments"/> (hostname 127.0.0.1 and the port are added).</summary>
    public static VncGatewayClient Open(int port, IReadOnlyDictionary<string, string>? arguments = null, int width = 1024, int height = 768, Microsoft.Extensions.Logging.ILoggerFactory? logging = null, IReadOnlyList<string>? imageMimetypes = null)
    {
        var manager = new SessionManager([new VncBackend()], loggerFactory: logging);
        var all = new Dictionary<string, string>
        {
            ["hostname"] = "127.0.0.1",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in arguments ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        var transport = new MemoryTransport();
        var open = manager.Open(
            new ConnectRequest { Selected = "vnc", Arguments = all, Client = new ClientInfo { Width = width, Height = height, ImageMimetypes = imageMimetypes ?? [] } },
            transport);
        Assert.True(open.Error is null, "open refused: " + open.Error);
        return new VncGatewayClient(manager, transport, open.User!);
    }

    /// <summary>
    /// A second browser joining this live session (<c>select $id</c>); its own reference client starts empty and
    /// must be brought to the current state by the gateway. Disposing it leaves the session running.
    /// </summary>
    public VncGatewayClient Join(int width = 800, int height = 600)
    {
        var transport = new MemoryTransport();
        var open = _manager.Open(
            new ConnectRequest { Selected = User.Session.Id, Arguments = new Dictionary<string, string>(), Client = new ClientInfo { Width = width, Height = height } },
            transport);
        Assert.True(open.Error is null, "join refused: " + open.Error);
        return new VncGatewayClient(_manager, transport, open.User!, ownsManager: false);
    }

    /// <summary>The mimetype of every <c>img</c> received so far, in order.</summary>
    public List<string> ImageMimetypes()
    {
        lock (_gate)
        {
            return [.. _imageMimetypes];
        }
    }

    /// <summary>Instructions other than drawing (clipboard, blob, end, name, error, …) seen so far.</summary>
    public List<Instruction> Others()
    {
        lock (_gate)
        {
            return [.. _other];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the reference client (checked after every frame).</summary>
    public async Task WaitForAsync(Func<ReferenceClient, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            lock (_gate)
            {
                if (condition(Reference))
                {
                    return;
                }
            }

            if (_error.Task.IsCompleted)
            {
                var ended = await _error.Task;
                throw new InvalidOperationException($"the session ended ({ended}) while waiting for {what}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Reads from the reference client under its lock.</summary>
    public T Read<T>(Func<ReferenceClient, T> read)
    {
        lock (_gate)
        {
            return read(Reference);
        }
    }

    /// <summary>Waits for an instruction with <paramref name="opcode"/> among the non-drawing ones matching <paramref name="match"/>.</summary>
    public async Task<Instruction> WaitForInstructionAsync(string opcode, Func<Instruction, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            lock (_gate)
            {
                foreach (var i in _other)
                {
                    if (i.Opcode == opcode && (match is null || match(i)))
                    {
                        return i;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no '{opcode}' instruction arrived");
            }

            await Task.Delay(25);
        }
    }

    public Task SendAsync(string opcode, params string[] args) => Transport.WriteAsync(opcode, args);

    /// <summary>Types <paramref name="text"/> as key presses and releases (ASCII keysyms).</summary>
    public async Task TypeAsync(string text)
    {
        foreach (char c in text)
        {
            string keysym = c == '\n' ? "65293" : ((int)c).ToString(CultureInfo.InvariantCulture);
            await SendAsync("key", keysym, "1");
            await SendAsync("key", keysym, "0");
        }
    }

    /// <summary>Sends a clipboard stream of UTF-8 text.</summary>
    public async Task PasteAsync(string text)
    {
        await SendAsync("clipboard", "1", "text/plain");
        await SendAsync("blob", "1", Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
        await SendAsync("end", "1");
    }

    /// <summary>The text of the clipboard streams received so far (last complete one), or null.</summary>
    public string? LastClipboard()
    {
        lock (_gate)
        {
            string? last = null;
            for (int i = 0; i < _other.Count; i++)
            {
                if (_other[i].Opcode != "clipboard")
                {
                    continue;
                }

                string stream = _other[i].Args[0];
                var text = new MemoryStream();
                bool ended = false;
                for (int j = i + 1; j < _other.Count && !ended; j++)
                {
                    var next = _other[j];
                    if (next.Args.Count > 0 && next.Args[0] == stream)
                    {
                        if (next.Opcode == "blob")
                        {
                            text.Write(Convert.FromBase64String(next.Args[1]));
                        }
                        else if (next.Opcode == "end")
                        {
                            ended = true;
                        }
                    }
                }

                if (ended)
                {
                    last = Encoding.UTF8.GetString(text.ToArray());
                }
            }

            return last;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Transport.Hangup();
        if (_ownsManager)
        {
            await _manager.DisposeAsync();
        }

        await Task.WhenAny(_pump, Task.Delay(Timeout));
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private async Task PumpAsync()
    {
        while (true)
        {
            Instruction? next;
            try
            {
                next = await Transport.ReadAsync(TimeSpan.FromMinutes(5));
            }
            catch (TimeoutException)
            {
                return;
            }

            if (next is null)
            {
                _error.TrySetException(new InvalidOperationException("the transport closed without an error"));
                return;
            }

            lock (_gate)
            {
                bool imageStream = next.Opcode is "blob" or "end" && next.Args.Count > 0 && _imageStreams.Contains(next.Args[0]);
                if (next.Opcode == "img")
                {
                    _imageStreams.Add(next.Args[0]);
                    _imageMimetypes.Add(next.Args.Count > 3 ? next.Args[3] : string.Empty);
                }
                else if (next.Opcode == "end" && imageStream)
                {
                    _imageStreams.Remove(next.Args[0]);
                }

                if (imageStream || next.Opcode is "size" or "rect" or "cfill" or "copy" or "img" or "move" or "shade" or "dispose" or "cursor" or "sync")
                {
                    try
                    {
                        Reference.Apply(Encoding.UTF8.GetBytes(next.ToString()));
                    }
                    catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
                    {
                        // The reference client refused what the gateway sent: fail every wait with the reason.
                        _error.TrySetException(new InvalidOperationException($"reference client rejected '{Shorten(next.ToString())}': {e.Message}", e));
                        return;
                    }
                }
                else
                {
                    _other.Add(next);
                }
            }

            if (next.Opcode == "sync")
            {
                await SendAsync("sync", next.Args[0]);
            }
            else if (next.Opcode == "error")
            {
                _error.TrySetResult(next);
            }
        }
    }
}
