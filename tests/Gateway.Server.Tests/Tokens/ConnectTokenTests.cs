using Gateway.Server.Tokens;

namespace Gateway.Server.Tests.Tokens;

public sealed class ConnectTokenTests
{
    [Fact]
    public void ToString_hides_parameter_values()
    {
        var clock = TokenTestKit.NewClock();
        ConnectToken token = TokenTestKit.InlineToken(clock);

        string text = token.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.Contains("3 hidden", text, StringComparison.Ordinal);
        Assert.Contains(token.Id, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_result_ToString_hides_parameter_values()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);

        ConnectTokenOpenResult result = service.Open(service.Mint(TokenTestKit.InlineToken(clock)));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain("hunter2-secret", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NewId_is_22_base64url_characters_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ConnectToken.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{22}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Validate_requires_exactly_one_target()
    {
        DateTimeOffset exp = TokenTestKit.Start;

        Assert.NotNull(new ConnectToken { Id = "a", ExpiresAt = exp }.Validate());
        Assert.NotNull(new ConnectToken { Id = "a", ExpiresAt = exp, ConnectionId = "c", Protocol = "vnc" }.Validate());
        Assert.NotNull(new ConnectToken { Id = "a", ExpiresAt = exp, ConnectionId = "c", Join = "$j" }.Validate());
        Assert.Null(new ConnectToken { Id = "a", ExpiresAt = exp, ConnectionId = "c" }.Validate());
        Assert.Null(new ConnectToken { Id = "a", ExpiresAt = exp, Protocol = "vnc" }.Validate());
        Assert.Null(new ConnectToken { Id = "a", ExpiresAt = exp, Join = "$j" }.Validate());
    }
}
