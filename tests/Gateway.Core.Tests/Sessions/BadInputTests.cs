using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Sessions;

/// <summary>
/// Every kind of bad input ends only the user who sent it, with an <c>error</c> carrying a status, and
/// touches neither the other user of its session nor another session.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "not an instruction;", "768" },
        { "3.key,1.65,1.1;", "768" },           // length does not match the value
        { "3.key.2.65;", "768" },               // '.' where ',' or ';' belongs
        { "3.key,2.65,1.1;junk", "768" },       // garbage after a good instruction
        { ".key;", "768" },                     // no length
        { "00000000003.key;", "768" },          // too many length digits
        { "-1.key;", "768" },
        { "2.k\u00e9y;", "768" },               // lengths count code points: "ké" is 2, then "y" is not a terminator
        { "8193.", "781" },                     // element longer than 8192 code points
        { "99999999.", "781" },
    };

    public static TheoryData<string, string[]> BadArguments => new()
    {
        { "key", [] },
        { "key", ["65"] },
        { "key", ["a", "1"] },
        { "key", ["65", "yes"] },
        { "key", ["99999999999", "1"] },
        { "mouse", ["1", "2"] },
        { "mouse", ["1", "y", "0"] },
        { "mouse", ["1.5", "2", "0"] },
        { "size", ["100"] },
        { "size", ["w", "100"] },
        { "size", ["0", "100"] },
        { "size", ["-5", "100"] },
        { "size", ["100", "100", "x"] },
        { "size", ["100", "100", "0"] },
        { "touch", ["1", "2", "3", "4", "5", "0"] },
        { "touch", ["1", "2", "3", "4", "5", "angle", "1"] },
        { "touch", ["1", "2", "3", "4", "5", "0", "NaN?"] },
        { "sync", [] },
        { "sync", ["abc"] },
        { "sync", [""] },
        { "blob", ["1"] },
        { "blob", ["x", "AAAA"] },
        { "ack", ["1", "OK"] },
        { "ack", ["x", "OK", "0"] },
        { "ack", ["1", "OK", "zero"] },
        { "end", [] },
        { "end", ["x"] },
        { "clipboard", ["1"] },
        { "clipboard", ["one", "text/plain"] },
        { "clipboard", ["-1", "text/plain"] },
        { "clipboard", ["70000", "text/plain"] },
        { "file", ["1", "text/plain"] },
        { "pipe", ["1", "text/plain"] },
        { "argv", ["1", "text/plain"] },
        { "audio", ["1"] },
        { "put", ["0", "1", "text/plain"] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_framing_is_an_error_then_close(string input, string code)
    {
        await AssertOnlyOffenderEndsAsync(c => c.SendRawAsync(input), code);
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Missing_or_non_numeric_arguments_are_bad_request(string opcode, string[] args)
    {
        await AssertOnlyOffenderEndsAsync(c => c.SendAsync(opcode, args), "768");
    }

    [Fact]
    public async Task Invalid_utf8_is_bad_request()
    {
        await AssertOnlyOffenderEndsAsync(c => c.Transport.WriteRawAsync([(byte)'3', (byte)'.', (byte)'k', 0xC3, 0x28, (byte)';']), "768");
    }

    [Fact]
    public async Task An_element_longer_than_8192_code_points_is_overrun_and_its_content_is_not_echoed()
    {
        var text = new string('Z', 8193);
        var (error, _) = await AssertOnlyOffenderEndsAsync(c => c.SendAsync("clipboard", "1", text), "781");
        Assert.DoesNotContain("ZZZ", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_element_of_exactly_8192_code_points_is_fine_even_in_multibyte_characters()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("nop", new string('a', 8192));
        await owner.SendAsync("nop", new string('\u00e9', 8192));      // 16 KiB of UTF-8
        await owner.SendAsync("nop", string.Concat(Enumerable.Repeat("\U0001F600", 4000))); // 4 bytes each, one code point each
        await owner.PingAsync();

        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task An_instruction_over_32_KiB_is_overrun()
    {
        var big = Enumerable.Repeat(new string('q', 8000), 5).ToArray(); // about 40 KB, every element within limits
        await AssertOnlyOffenderEndsAsync(c => c.SendAsync("nop", big), "781");
    }

    [Fact]
    public async Task More_than_128_elements_is_overrun()
    {
        var many = Enumerable.Repeat("1", 128).ToArray(); // 129 with the opcode
        await AssertOnlyOffenderEndsAsync(c => c.SendAsync("nop", many), "781");
    }

    [Fact]
    public async Task Hanging_up_mid_instruction_is_bad_request()
    {
        var (error, status) = await AssertOnlyOffenderEndsAsync(
            async c =>
            {
                await c.SendRawAsync("3.key,2.6");
                c.Transport.Hangup();
            },
            "768");
        Assert.Equal(GuacamoleStatus.ClientBadRequest, status);
        Assert.Contains("middle of an instruction", error.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instruction_split_across_many_writes_is_read_whole()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        foreach (var piece in "3.key,2.65,1.1;3.key,2.66,1.1;".Chunk(1))
        {
            await owner.SendRawAsync(new string(piece));
        }

        Assert.Equal("65", (await owner.ExpectAsync("cfill")).Args[2]);
        Assert.Equal("66", (await owner.ExpectAsync("cfill")).Args[2]);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Unknown_opcodes_and_tunnel_internal_instructions_are_ignored()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("frobnicate", "1", "2");
        await owner.SendAsync("usbdata", "a", "b", "c", "d");
        await owner.SendAsync("get", "0", "/");
        await owner.SendAsync("", "sometunnelthing");
        await owner.SendAsync("");
        await owner.SendAsync("nop");
        var seen = await owner.PingAsync();

        Assert.Empty(seen);
        Assert.False(owner.User.HasLeft);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Blobs_and_ends_for_streams_never_opened_are_ignored()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);

        await owner.SendAsync("blob", "5", "AAAA");
        await owner.SendAsync("end", "5");
        await owner.SendAsync("ack", "6", "OK", "0");
        var seen = await owner.PingAsync();

        Assert.Empty(seen);
        await owner.DisconnectAsync();
    }

    /// <summary>
    /// Runs <paramref name="offend"/> as a joiner of session A (which also has an owner) while session B runs
    /// alongside; asserts the joiner ends with <c>error</c> <paramref name="code"/> and both others carry on.
    /// </summary>
    private static async Task<(Instruction Error, GuacamoleStatus Status)> AssertOnlyOffenderEndsAsync(Func<TestClient, Task> offend, string code)
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = await TestClient.StartAsync(manager);
        var other = await TestClient.StartAsync(manager);
        var offender = await TestClient.JoinAsync(manager, owner.Session, "mallory");
        await owner.ExpectAsync("msg");

        await offend(offender);

        var (error, status) = await offender.ExpectErrorEndAsync();
        Assert.Equal(code, error.Args[1]);
        Assert.Equal(code, ((int)status).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(error.Args[0].ToLowerInvariant(), error.Args[0]);
        Assert.Equal(["2", offender.User.Id, "mallory"], (await owner.ExpectAsync("msg")).Args);

        await owner.SendAsync("key", "97", "1");
        Assert.Equal("97", (await owner.ExpectAsync("cfill")).Args[2]);
        await other.SendAsync("key", "98", "1");
        Assert.Equal("98", (await other.ExpectAsync("cfill")).Args[2]);
        Assert.Equal(2, manager.SessionCount);
        await owner.DisconnectAsync();
        await other.DisconnectAsync();
        return (error, status);
    }
}
