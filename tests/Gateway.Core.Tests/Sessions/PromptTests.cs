using System.Globalization;
using Gateway.Core.Sessions;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;
using Gateway.Protocol.Handshake;
using Gateway.TestBackends;

namespace Gateway.Core.Tests.Sessions;

public sealed class PromptTests
{
    private static readonly Dictionary<string, string> RequirePassword = new() { ["require-password"] = "true" };

    [Fact]
    public async Task A_missing_password_is_asked_for_and_an_argv_answer_lets_the_session_draw()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, ProtocolVersion.V1_5_0);

        var before = await owner.ReadUntilAsync(i => i.Opcode == "required");
        Assert.Equal(new Instruction("required", "password"), Assert.Single(before));

        await owner.SendArgvAsync(5, "password", "secret");

        var frame = await owner.ReadUntilAsync(i => i.Opcode == "sync");
        Assert.Equal(new Instruction("ack", "5", "OK", "0"), frame[0]);
        Assert.Equal("size", frame[1].Opcode);
        int width = int.Parse(frame[1].Args[1], CultureInfo.InvariantCulture);
        int height = int.Parse(frame[1].Args[2], CultureInfo.InvariantCulture);
        Rendering.AssertPattern(Rendering.Render(frame.Skip(1)), width, height, 0x336699);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_wrong_answer_ends_the_session_with_client_unauthorized()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, ProtocolVersion.V1_3_0);
        await owner.ExpectAsync("required");

        await owner.SendArgvAsync(1, "password", "guess");

        var (rest, status) = await owner.ReadToEndAsync();
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, status);
        Assert.Equal(new Instruction("error", "authentication failed", "769"), rest[^1]);
        Assert.DoesNotContain(rest, i => i.Opcode == "size");
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Theory]
    [InlineData(ProtocolVersion.V1_0_0)]
    [InlineData(ProtocolVersion.V1_1_0)]
    public async Task An_owner_too_old_to_be_prompted_is_unauthorized(ProtocolVersion version)
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, version);

        var (rest, status) = await owner.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.ClientUnauthorized, status);
        Assert.Equal("769", Assert.Single(rest, i => i.Opcode == "error").Args[1]);
        Assert.DoesNotContain(rest, i => i.Opcode == "required");
    }

    [Fact]
    public async Task A_configured_password_is_never_asked_for()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, new() { ["require-password"] = "true", ["password"] = "secret" }, ProtocolVersion.V1_5_0);

        var frame = await owner.ReadUntilAsync(i => i.Opcode == "sync");

        Assert.DoesNotContain(frame, i => i.Opcode == "required");
        Assert.Equal("size", frame[0].Opcode);
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task Only_the_owner_can_answer_a_prompt()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, ProtocolVersion.V1_5_0);
        await owner.ExpectAsync("required");
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "j");

        await joiner.SendArgvAsync(1, "password", "secret");
        await joiner.PingAsync();
        Assert.False(owner.Session.IsEnded);
        var meanwhile = await owner.PingAsync();
        Assert.DoesNotContain(meanwhile, i => i.Opcode == "size"); // still waiting for the owner's answer

        await owner.SendArgvAsync(2, "password", "secret");
        await owner.ReadUntilAsync(i => i.Opcode == "size");
        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }

    [Fact]
    public async Task A_read_only_owner_cannot_be_prompted()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = TestClient.Open(manager, new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Arguments = RequirePassword,
            ReadOnly = true,
        });

        var (rest, status) = await owner.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.ClientUnauthorized, status);
        Assert.DoesNotContain(rest, i => i.Opcode == "required");
    }

    [Fact]
    public async Task The_owner_leaving_during_a_prompt_fails_it_for_the_joiners_left_behind()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, ProtocolVersion.V1_5_0);
        await owner.ExpectAsync("required");
        var joiner = await TestClient.JoinAsync(manager, owner.Session, "j");

        await owner.DisconnectAsync();

        var (error, status) = await joiner.ExpectErrorEndAsync();
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, status);
        Assert.Equal("769", error.Args[1]);
        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task The_owner_leaving_during_a_prompt_ends_the_session_cleanly()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time);
        var owner = Open(manager, RequirePassword, ProtocolVersion.V1_5_0);
        await owner.ExpectAsync("required");

        Assert.Equal(GuacamoleStatus.Success, await owner.DisconnectAsync());

        await owner.Session.EndedAsync();
        Assert.Equal(0, manager.SessionCount);
    }

    [Fact]
    public async Task Passwords_never_reach_users_or_logs()
    {
        const string Password = "hunter2-do-not-leak";
        var time = Harness.NewTime();
        var logs = new CapturingLoggerProvider();
        await using var manager = new SessionManager([new TestPatternBackend()], null, logs, time);

        // Configured (wrong) password, then a prompted (wrong) one.
        var first = TestClient.Open(manager, new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Arguments = new Dictionary<string, string> { ["require-password"] = "true", ["password"] = Password },
        });
        var (firstSeen, firstStatus) = await first.ReadToEndAsync();
        var second = Open(manager, RequirePassword, ProtocolVersion.V1_5_0);
        await second.ExpectAsync("required");
        await second.SendArgvAsync(3, "password", Password);
        var (secondSeen, secondStatus) = await second.ReadToEndAsync();

        Assert.Equal(GuacamoleStatus.ClientUnauthorized, firstStatus);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, secondStatus);
        Assert.DoesNotContain(firstSeen.Concat(secondSeen), i => i.ToString().Contains(Password, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public void A_connect_request_prints_without_its_arguments()
    {
        Assert.DoesNotContain("hunter2", ConnectRequestText("hunter2"), StringComparison.Ordinal);
    }

    private static string ConnectRequestText(string password) =>
        new ConnectRequest { Selected = "vnc", Arguments = new Dictionary<string, string> { ["password"] = password } }.ToString();

    private static TestClient Open(SessionManager manager, Dictionary<string, string> arguments, ProtocolVersion version) =>
        TestClient.Open(manager, new ConnectRequest
        {
            Selected = TestPatternBackend.ProtocolName,
            Arguments = arguments,
            Client = new ClientInfo { Version = version },
        });
}
