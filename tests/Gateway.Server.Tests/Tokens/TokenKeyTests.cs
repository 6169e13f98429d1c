using Gateway.Server.Tokens;

namespace Gateway.Server.Tests.Tokens;

public sealed class TokenKeyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gateway-tokenkey-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Configured_key_is_used()
    {
        byte[] key = TokenTestKit.OtherKey;

        Assert.Equal(key, TokenKey.Load(Convert.ToBase64String(key), _root));
        Assert.Equal(key, TokenKey.Load(" " + Convert.ToBase64String(key) + "\n", _root));
        Assert.False(Directory.Exists(_root));
    }

    [Theory]
    [InlineData("c2VjcmV0LXRva2VuLWtleQ==")]
    [InlineData("not-base64-at-all!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")]
    public void Bad_configured_key_names_the_setting_but_not_the_value(string value)
    {
        TokenKeyException e = Assert.Throws<TokenKeyException>(() => TokenKey.Load(value, _root));

        Assert.Contains("Gateway:Tokens:Key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value[..8], e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void Key_file_is_created_private_and_reloaded()
    {
        string dataDirectory = Path.Combine(_root, "nested", "data");

        byte[] first = TokenKey.Load(null, dataDirectory);
        byte[] second = TokenKey.Load("", dataDirectory);

        string path = Path.Combine(dataDirectory, "token.key");
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.NotEqual(new byte[32], first);
        Assert.Equal(first, Convert.FromBase64String(File.ReadAllText(path).Trim()));
        Assert.Single(Directory.GetFiles(dataDirectory));
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("this test checks Unix file modes and must run on a Unix host");
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Different_data_directories_get_different_keys()
    {
        Assert.NotEqual(TokenKey.Load(null, Path.Combine(_root, "a")), TokenKey.Load(null, Path.Combine(_root, "b")));
    }

    [Fact]
    public void Existing_key_file_is_read()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "token.key"), Convert.ToBase64String(TokenTestKit.Key) + "\r\n");

        Assert.Equal(TokenTestKit.Key, TokenKey.Load(null, _root));
    }

    [Theory]
    [InlineData("c2VjcmV0LXRva2VuLWtleQ==")]
    [InlineData("garbage garbage")]
    [InlineData("")]
    public void Bad_key_file_names_the_file_but_not_its_content(string content)
    {
        Directory.CreateDirectory(_root);
        string path = Path.Combine(_root, "token.key");
        File.WriteAllText(path, content);

        TokenKeyException e = Assert.Throws<TokenKeyException>(() => TokenKey.Load(null, _root));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        if (content.Length > 0)
        {
            Assert.DoesNotContain(content, e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void Huge_key_file_is_refused_without_reading_it_all()
    {
        Directory.CreateDirectory(_root);
        string path = Path.Combine(_root, "token.key");
        File.WriteAllText(path, Convert.ToBase64String(TokenTestKit.Key) + new string(' ', 5_000_000));

        Assert.Throws<TokenKeyException>(() => TokenKey.Load(null, _root));
    }
}
