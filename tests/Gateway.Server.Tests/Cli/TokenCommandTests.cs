using Gateway.Server.Catalog;
using Gateway.Server.Cli;
using Gateway.Server.Tokens;
using Gateway.Server.Tests.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Server.Tests.Cli;

public sealed class TokenCommandTests
{
    private readonly FakeTimeProvider _clock = TokenTestKit.NewClock();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private static readonly ConnectionCatalog Catalog = new(
    [
        new CatalogEntry("lab-desktop", "Lab desktop", "vnc", new Dictionary<string, string> { ["password"] = "x" }),
    ]);

    private int Run(params string[] args) => TokenCommand.Run(args, new TokenCommandContext
    {
        Key = TokenTestKit.Key,
        TimeProvider = _clock,
        Catalog = Catalog,
        Out = _out,
        Error = _err,
    });

    private ConnectTokenOpenResult OpenPrinted()
    {
        string printed = _out.ToString();
        Assert.EndsWith("\n", printed, StringComparison.Ordinal);
        string token = printed[..^1];
        Assert.DoesNotContain('\n', token);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        return TokenTestKit.NewService(_clock).Open(token);
    }

    [Fact]
    public void Inline_connection_token_opens()
    {
        int code = Run("--protocol", "vnc", "--param", "hostname=127.0.0.1", "--param", "port=5901", "--param", "password=a=b=c", "--name", "Lab user");

        Assert.Equal(0, code);
        Assert.Equal("", _err.ToString());
        ConnectTokenOpenResult result = OpenPrinted();
        Assert.True(result.Succeeded);
        Assert.Equal("vnc", result.Token.Protocol);
        Assert.Equal("127.0.0.1", result.Token.Parameters!["hostname"]);
        Assert.Equal("5901", result.Token.Parameters["port"]);
        Assert.Equal("a=b=c", result.Token.Parameters["password"]);
        Assert.Equal("Lab user", result.Token.DisplayName);
        Assert.False(result.Token.ReadOnly);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(300), result.Token.ExpiresAt);
    }

    [Fact]
    public void Catalog_connection_token_opens()
    {
        Assert.Equal(0, Run("--connection", "lab-desktop", "--ttl", "60", "--read-only"));

        ConnectTokenOpenResult result = OpenPrinted();
        Assert.True(result.Succeeded);
        Assert.Equal("lab-desktop", result.Token.ConnectionId);
        Assert.True(result.Token.ReadOnly);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), result.Token.ExpiresAt);
    }

    [Fact]
    public void Join_token_opens_and_equals_syntax_works()
    {
        Assert.Equal(0, Run("--join=$0f1e2d3c", "--read-only", "--ttl=5", "--name=Viewer"));

        ConnectTokenOpenResult result = OpenPrinted();
        Assert.True(result.Succeeded);
        Assert.Equal("$0f1e2d3c", result.Token.Join);
        Assert.Equal("Viewer", result.Token.DisplayName);
    }

    [Fact]
    public void Token_expires_after_its_ttl()
    {
        Assert.Equal(0, Run("--protocol", "ssh", "--ttl", "10"));

        _clock.Advance(TimeSpan.FromSeconds(41));

        Assert.Equal(ConnectTokenFailure.Expired, OpenPrinted().Failure);
    }

    [Fact]
    public void Default_ttl_comes_from_the_context()
    {
        int code = TokenCommand.Run(["--protocol", "rdp"], new TokenCommandContext
        {
            Key = TokenTestKit.Key,
            TimeProvider = _clock,
            Catalog = ConnectionCatalog.Empty,
            Out = _out,
            Error = _err,
            DefaultTtlSeconds = 42,
        });

        Assert.Equal(0, code);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(42), OpenPrinted().Token!.ExpiresAt);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--protocol", "vnc", "--help")]
    public void Help_prints_usage_and_succeeds(params string[] args)
    {
        Assert.Equal(0, Run(args));

        Assert.StartsWith("usage: gateway token", _out.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _err.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--protocol")]
    [InlineData("--protocol", "vnc", "--join", "$abc")]
    [InlineData("--protocol", "vnc", "--connection", "lab-desktop")]
    [InlineData("--connection", "lab-desktop", "--param", "a=b")]
    [InlineData("--join", "$abc", "--param", "a=b")]
    [InlineData("--connection", "nope")]
    [InlineData("--connection", "bad id")]
    [InlineData("--join", "abc")]
    [InlineData("--join", "$")]
    [InlineData("--protocol", "VNC")]
    [InlineData("--protocol", "vnc", "--protocol", "rdp")]
    [InlineData("--protocol", "vnc", "--param", "novalue")]
    [InlineData("--protocol", "vnc", "--param", "=value")]
    [InlineData("--protocol", "vnc", "--param", "bad name=1")]
    [InlineData("--protocol", "vnc", "--param", "a=1", "--param", "a=2")]
    [InlineData("--protocol", "vnc", "--ttl", "0")]
    [InlineData("--protocol", "vnc", "--ttl", "-5")]
    [InlineData("--protocol", "vnc", "--ttl", "abc")]
    [InlineData("--protocol", "vnc", "--ttl", "2592001")]
    [InlineData("--protocol", "vnc", "--ttl", "99999999999999999999")]
    [InlineData("--protocol", "vnc", "--unknown")]
    [InlineData("--protocol", "vnc", "--read-only=yes")]
    [InlineData("--protocol", "vnc", "stray")]
    [InlineData("token", "--protocol", "vnc")]
    [InlineData("--protocol", "vnc", "--name", "bad\u0007name")]
    public void Bad_usage_exits_2_with_usage_on_stderr(params string[] args)
    {
        Assert.Equal(2, Run(args));

        Assert.Equal("", _out.ToString());
        Assert.StartsWith("gateway token: ", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: gateway token", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_do_not_repeat_values()
    {
        Assert.Equal(2, Run("--protocol", "vnc", "password=hunter2-secret"));
        Assert.Equal(2, Run("--protocol", "vnc", "--param", "password=hunter2-secret", "--param", "password=hunter2-secret"));
        Assert.Equal(2, Run("--connection", "lab-desktop", "--param", "password=hunter2-secret"));
        Assert.Equal(2, Run("--protocol", "vnc", "--param", $"password={new string('s', 9000)}hunter2-secret"));
        Assert.Equal(2, Run("--protocol", "vnc", "--hunter2-secret=hunter2-secret"));

        Assert.Equal("", _out.ToString());
        Assert.DoesNotContain("=hunter2-secret", _err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sssss", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_too_long_for_the_format_is_bad_usage()
    {
        string[] args = ["--protocol", "vnc", .. Enumerable.Range(0, 3).SelectMany(i => new[] { "--param", $"p{i}={new string('x', 8000)}" })];

        Assert.Equal(2, Run(args));
        Assert.Contains("16384", _err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", _err.ToString(), StringComparison.Ordinal);
    }
}
