using System.Globalization;
using System.Text;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;
using Gateway.TestBackends;
using Xunit.Abstractions;

namespace Gateway.Core.Tests.Sessions;

/// <summary>
/// A seeded "hostile client" property: whatever bytes a user sends, its loop ends without throwing, its
/// transport is closed with a defined status (announced by <c>error</c> unless it is SUCCESS), and other
/// sessions, and the other user of a shared session, stay healthy.
/// </summary>
public sealed class HostileClientTests
{
    private const int Cases = 200;

    private readonly ITestOutputHelper _output;

    private static readonly string[] Opcodes =
    [
        "key", "mouse", "size", "touch", "sync", "blob", "ack", "end", "clipboard", "file", "pipe", "argv",
        "audio", "put", "get", "nop", "", "disconnect", "usbdata", "select", "connect", "error",
    ];

    public HostileClientTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Random_input_always_ends_the_user_with_a_status_and_harms_nobody_else()
    {
        var random = new Random(20260801);
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, new SessionOptions { MaxClipboardBytes = 4096 });
        var bystander = await TestClient.StartAsync(manager);
        var shared = await TestClient.StartAsync(manager);
        var statuses = new Dictionary<GuacamoleStatus, int>();

        for (int n = 0; n < Cases; n++)
        {
            byte[] input = Generate(random);
            bool asJoiner = n % 2 == 1;
            var hostile = asJoiner
                ? TestClient.Open(manager, new ConnectRequest { Selected = shared.Session.Id, Client = new() { Name = "h" } })
                : TestClient.Open(manager, new ConnectRequest { Selected = TestPatternBackend.ProtocolName });

            await hostile.Transport.WriteRawAsync(input);
            hostile.Transport.Hangup();

            var (rest, status) = await hostile.ReadToEndAsync();
            string context = $"case {n}: {Printable(input)}";
            Assert.True(Enum.IsDefined(status), context);
            Assert.True(rest.Count > 0, context);
            var last = rest[^1];
            if (status == GuacamoleStatus.Success)
            {
                Assert.True(last.Opcode == "disconnect", context);
            }
            else
            {
                Assert.True(last.Opcode == "error" && last.Args[1] == ((int)status).ToString(CultureInfo.InvariantCulture), context);
            }

            if (!asJoiner)
            {
                await hostile.Session.EndedAsync();
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        _output.WriteLine(string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));

        // The generator reaches clean ends as well as both kinds of error.
        Assert.True(
            statuses.ContainsKey(GuacamoleStatus.Success) && statuses.ContainsKey(GuacamoleStatus.ClientBadRequest) && statuses.ContainsKey(GuacamoleStatus.ClientOverrun),
            string.Join(", ", statuses));

        // Survivors: the independent session and the owner of the shared one still answer.
        Assert.Equal(2, manager.SessionCount);
        foreach (var survivor in new[] { bystander, shared })
        {
            Assert.False(survivor.Session.IsEnded);
            await survivor.SendAsync("key", "120", "1");
            await survivor.ReadUntilAsync(i => i.Opcode == "cfill" && i.Args[2] == "120");
            await survivor.DisconnectAsync();
        }
    }

    /// <summary>Random garbage, well-formed instructions with random arguments, or those with a byte broken.</summary>
    private static byte[] Generate(Random random)
    {
        var bytes = new List<byte>();
        int shape = random.Next(10);
        if (shape == 0)
        {
            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            return garbage;
        }

        int count = random.Next(1, 12);
        for (int i = 0; i < count; i++)
        {
            var opcode = random.Next(20) == 0 ? RandomText(random, 6) : Opcodes[random.Next(Opcodes.Length - 3)];
            if (opcode == "disconnect" && random.Next(3) != 0)
            {
                opcode = "nop";
            }

            if (random.Next(2) == 0)
            {
                bytes.AddRange(WellTyped(random).ToBytes());
                continue;
            }

            var args = new string[random.Next(0, 9)];
            for (int a = 0; a < args.Length; a++)
            {
                args[a] = RandomArgument(random);
            }

            bytes.AddRange(new Instruction(opcode, args).ToBytes());
        }

        if (shape <= 3 && bytes.Count > 0)
        {
            // Break it: flip, insert or cut at a random place.
            int at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)"0123456789.,;"[random.Next(13)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>An instruction of the right shape with plausible, sometimes extreme, values.</summary>
    private static Instruction WellTyped(Random random)
    {
        string N(int min, int max) => random.Next(min, max).ToString(CultureInfo.InvariantCulture);
        string stream = N(0, 8);
        return random.Next(12) switch
        {
            0 => new("key", N(0, 0x1100000), N(0, 2)),
            1 => new("mouse", N(-10, 9000), N(-10, 9000), N(0, 32)),
            2 => new("size", N(1, 10000), N(1, 10000)),
            3 => new("touch", N(0, 10), N(0, 500), N(0, 500), N(0, 50), N(0, 50), "0.5", "1"),
            4 => new("clipboard", stream, "text/plain"),
            5 => new("blob", stream, Convert.ToBase64String(RandomBytes(random, random.Next(0, 3000)))),
            6 => new("end", stream),
            7 => new("file", stream, "application/octet-stream", "f.bin"),
            8 => new("argv", stream, "text/plain", random.Next(2) == 0 ? "password" : "font-size"),
            9 => new("ack", stream, "OK", "0"),
            10 => new("nop", new string('x', random.Next(8100, 8300))), // around the element limit
            _ => new("sync", (Harness.Epoch + random.Next(-2, 2)).ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static string RandomArgument(Random random) => random.Next(12) switch
    {
        0 => random.Next(-5, 600).ToString(CultureInfo.InvariantCulture),
        1 => random.Next(0, 9000).ToString(CultureInfo.InvariantCulture),
        2 => "-" + random.Next().ToString(CultureInfo.InvariantCulture),
        3 => "99999999999999999999999",
        4 => string.Empty,
        5 => Convert.ToBase64String(RandomBytes(random, random.Next(0, 64))),
        6 => RandomText(random, random.Next(0, 20)),
        7 => "text/plain",
        8 => "ping",
        9 => random.Next(0, 4).ToString(CultureInfo.InvariantCulture),
        10 => (Harness.Epoch + random.Next(-3, 3)).ToString(CultureInfo.InvariantCulture),
        _ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var b = new byte[length];
        random.NextBytes(b);
        return b;
    }

    private static string RandomText(Random random, int length)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0xA0, 0x800),
                2 => "\U0001F600",
                _ => ",;.",
            });
        }

        return sb.ToString();
    }

    private static string Printable(byte[] input) =>
        input.Length > 300 ? Convert.ToBase64String(input, 0, 300) + "…" : Convert.ToBase64String(input);
}
