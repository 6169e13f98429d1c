using System.Globalization;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Support;

/// <summary>
/// One simulated browser: a <see cref="MemoryTransport"/>, the <see cref="SessionUser"/> it opened and its
/// running loop. Every wait is bounded by <see cref="Timeout"/> so a bug fails a test instead of hanging it.
/// </summary>
public sealed class TestClient
{
    /// <summary>The bound on every wait (wall clock; never an assertion about speed).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private int _pings;

    private TestClient(MemoryTransport transport, SessionUser user)
    {
        Transport = transport;
        User = user;
        Run = user.RunAsync(CancellationToken.None);
    }

    public MemoryTransport Transport { get; }

    public SessionUser User { get; }

    public Session Session => User.Session;

    /// <summary>The user's loop; completes when the user has left and its transport was closed.</summary>
    public Task Run { get; }

    /// <summary>Opens a user and starts it; fails the test if the manager refuses.</summary>
    public static TestClient Open(SessionManager manager, ConnectRequest request, MemoryTransport? transport = null)
    {
        transport ??= new MemoryTransport();
        var open = manager.Open(request, transport);
        Assert.True(open.Error is null, "open refused: " + open.Error);
        return new TestClient(transport, open.User!);
    }

    /// <summary>Starts a session of <paramref name="protocol"/> and waits for its first <c>sync</c>.</summary>
    public static async Task<TestClient> StartAsync(
        SessionManager manager,
        string protocol = TestPatternBackend.ProtocolName,
        IReadOnlyDictionary<string, string>? arguments = null,
        ClientInfo? client = null)
    {
        var c = Open(manager, new ConnectRequest
        {
            Selected = protocol,
            Arguments = arguments ?? new Dictionary<string, string>(),
            Client = client ?? new ClientInfo { Width = 320, Height = 200 },
        });
        await c.ExpectAsync("sync");
        return c;
    }

    /// <summary>Joins <paramref name="session"/> and waits for the joiner's first <c>sync</c>.</summary>
    public static async Task<TestClient> JoinAsync(
        SessionManager manager,
        Session session,
        string? name = null,
        bool readOnly = false,
        IReadOnlyDictionary<string, string>? arguments = null)
    {
        var c = Open(manager, new ConnectRequest
        {
            Selected = session.Id,
            ReadOnly = readOnly,
            Arguments = arguments ?? new Dictionary<string, string>(),
            Client = new ClientInfo { Name = name },
        });
        await c.ExpectAsync("sync");
        return c;
    }

    public Task SendAsync(string opcode, params string[] args) => Transport.WriteAsync(opcode, args);

    public Task SendRawAsync(string encoded) => Transport.WriteRawAsync(encoded);

    public Task<Instruction> ExpectAsync(string opcode) => Transport.ExpectAsync(opcode, Timeout);

    /// <summary>The next instruction, whatever it is; fails if the transport closed.</summary>
    public async Task<Instruction> NextAsync() =>
        await Transport.ReadAsync(Timeout) ?? throw new InvalidOperationException("transport closed");

    /// <summary>Reads instructions up to and including the first that matches.</summary>
    public async Task<List<Instruction>> ReadUntilAsync(Func<Instruction, bool> stop)
    {
        var list = new List<Instruction>();
        while (true)
        {
            var next = await NextAsync();
            list.Add(next);
            if (stop(next))
            {
                return list;
            }
        }
    }

    /// <summary>
    /// A round trip through the user's input loop: sends a tunnel ping and returns everything that
    /// arrived before its reply. Whatever the client sent earlier has been fully handled by then.
    /// </summary>
    public async Task<List<Instruction>> PingAsync()
    {
        string token = "p" + (++_pings).ToString(CultureInfo.InvariantCulture);
        await SendAsync("", "ping", token);
        var list = await ReadUntilAsync(i => i.Opcode.Length == 0 && i.Args.Count == 2 && i.Args[0] == "ping" && i.Args[1] == token);
        list.RemoveAt(list.Count - 1);
        return list;
    }

    /// <summary>Sends <c>sync</c> for <paramref name="sync"/>'s timestamp.</summary>
    public Task AckAsync(Instruction sync) => SendAsync("sync", sync.Args[0]);

    /// <summary>Sends a whole client stream: open, blobs of <paramref name="chunk"/> bytes, end.</summary>
    public async Task SendStreamAsync(string open, int index, string mimetype, string? name, byte[] data, int chunk = 4096)
    {
        string i = index.ToString(CultureInfo.InvariantCulture);
        if (name is null)
        {
            await SendAsync(open, i, mimetype);
        }
        else
        {
            await SendAsync(open, i, mimetype, name);
        }

        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            await SendAsync("blob", i, Convert.ToBase64String(data, offset, Math.Min(chunk, data.Length - offset)));
        }

        await SendAsync("end", i);
    }

    /// <summary>Sends a text value through an <c>argv</c> stream.</summary>
    public Task SendArgvAsync(int index, string name, string value) =>
        SendStreamAsync("argv", index, "text/plain", name, Encoding.UTF8.GetBytes(value));

    /// <summary>Reads what is left until the transport closes, then waits for the loop and the close status.</summary>
    public async Task<(List<Instruction> Remaining, GuacamoleStatus Status)> ReadToEndAsync()
    {
        var rest = await Transport.ReadToEndAsync(Timeout);
        var status = await Transport.Closed.WaitAsync(Timeout);
        await Run.WaitAsync(Timeout);
        return (rest, status);
    }

    /// <summary>Reads to the end and returns the final <c>error</c> (failing if the user ended without one).</summary>
    public async Task<(Instruction Error, GuacamoleStatus Status)> ExpectErrorEndAsync()
    {
        var (rest, status) = await ReadToEndAsync();
        var error = rest.LastOrDefault(i => i.Opcode == "error");
        Assert.True(error is not null, "no error before close; got: " + string.Join("", rest.Select(r => r.ToString())));
        Assert.Equal(((int)status).ToString(CultureInfo.InvariantCulture), error.Args[1]);
        return (error, status);
    }

    /// <summary>Disconnects politely and waits until the user has gone.</summary>
    public async Task<GuacamoleStatus> DisconnectAsync()
    {
        await SendAsync("disconnect");
        var (rest, status) = await ReadToEndAsync();
        Assert.DoesNotContain(rest, i => i.Opcode == "error");
        return status;
    }
}
