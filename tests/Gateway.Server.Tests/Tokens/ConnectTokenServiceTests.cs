using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Server.Tokens;

namespace Gateway.Server.Tests.Tokens;

public sealed class ConnectTokenServiceTests
{
    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock) with { ReadOnly = true };

        ConnectTokenOpenResult result = service.Open(service.Mint(token));

        Assert.True(result.Succeeded);
        Assert.Equal(ConnectTokenFailure.None, result.Failure);
        ConnectToken opened = result.Token;
        Assert.Equal(token.Id, opened.Id);
        Assert.Equal(token.ExpiresAt.ToUnixTimeSeconds(), opened.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal("Alice", opened.DisplayName);
        Assert.Equal("vnc", opened.Protocol);
        Assert.Null(opened.ConnectionId);
        Assert.Null(opened.Join);
        Assert.True(opened.ReadOnly);
        Assert.Equal(token.Parameters!.OrderBy(p => p.Key), opened.Parameters!.OrderBy(p => p.Key));
    }

    [Fact]
    public void Round_trip_of_catalog_and_join_tokens()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        var byCatalog = new ConnectToken { Id = "t1", ExpiresAt = clock.GetUtcNow().AddMinutes(1), ConnectionId = "lab-desktop" };
        var byJoin = new ConnectToken { Id = "t2", ExpiresAt = clock.GetUtcNow().AddMinutes(1), Join = "$3f2a-9c", ReadOnly = true };

        ConnectTokenOpenResult first = service.Open(service.Mint(byCatalog));
        ConnectTokenOpenResult second = service.Open(service.Mint(byJoin));

        Assert.True(first.Succeeded);
        Assert.Equal("lab-desktop", first.Token.ConnectionId);
        Assert.Null(first.Token.Parameters);
        Assert.True(second.Succeeded);
        Assert.Equal("$3f2a-9c", second.Token.Join);
        Assert.True(second.Token.ReadOnly);
    }

    [Fact]
    public void Non_ascii_names_and_values_survive()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock) with
        {
            DisplayName = "Zoë <admin> & \"co\" 日本",
            Parameters = new Dictionary<string, string> { ["password"] = "pä$$=wörd\n\u2603\U0001F600", ["empty"] = "" },
        };

        ConnectTokenOpenResult result = service.Open(service.Mint(token));

        Assert.True(result.Succeeded);
        Assert.Equal(token.DisplayName, result.Token.DisplayName);
        Assert.Equal("pä$$=wörd\n\u2603\U0001F600", result.Token.Parameters!["password"]);
        Assert.Equal("", result.Token.Parameters["empty"]);
    }

    [Fact]
    public void Golden_vector_matches_docs()
    {
        // The same vector is printed in docs/TOKENS.md; Python's cryptography package and Node's
        // crypto module produce this exact string from the same inputs.
        const string expectedJson =
            """{"v":1,"id":"golden-vector-1","exp":1893456000,"name":"Lab desktop","protocol":"vnc","params":{"hostname":"127.0.0.1","password":"secret","port":"5901"},"readOnly":false}""";
        const string expectedToken =
            "AfDx8vP09fb3-Pn6-xIkNSJGC_5W9pPVoKwtDdp0hDfvTmIs7DkkHpF7H_BiZGA0vnG7iKqsbfhDJwnfraU9ahFUTjLMK7ROujgYh9NgS1DoGRl2GEUfTgMFw-NzK-9VYCIH8oWLRWnDWLdeda6bLPWkjq_boYJz3HjKZhIxCKBRf60-lPt6gXGoAXprQzfK-4OI3HETbmfTGXGwWcoamMhwJyMcpZwvw3_Xdm0ptuNhmy4bPKseAJtao-gPo84GaelObqQ57Q";
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafb");
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock, key);
        var token = new ConnectToken
        {
            Id = "golden-vector-1",
            ExpiresAt = DateTimeOffset.Parse("2030-01-01T00:00:00Z", CultureInfo.InvariantCulture),
            DisplayName = "Lab desktop",
            Protocol = "vnc",
            // Deliberately out of order: parameters are written sorted by name.
            Parameters = new Dictionary<string, string> { ["port"] = "5901", ["password"] = "secret", ["hostname"] = "127.0.0.1" },
        };

        string minted = service.Mint(token, nonce);

        Assert.Equal(expectedToken, minted);
        byte[] raw = TokenTestKit.DecodeRaw(minted);
        byte[] plaintext = new byte[raw.Length - 29];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Decrypt(raw.AsSpan(1, 12), raw.AsSpan(13, plaintext.Length), raw.AsSpan(13 + plaintext.Length), plaintext, "gateway-connect-token-v1"u8);
        }

        Assert.Equal(expectedJson, Encoding.UTF8.GetString(plaintext));
        ConnectTokenOpenResult opened = service.Open(expectedToken);
        Assert.True(opened.Succeeded);
        Assert.Equal("golden-vector-1", opened.Token.Id);
        Assert.Equal(1893456000, opened.Token.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal("secret", opened.Token.Parameters!["password"]);
    }

    [Fact]
    public void Mint_uses_a_fresh_nonce_each_time()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock);

        string a = service.Mint(token);
        string b = service.Mint(token);

        Assert.NotEqual(a, b);
        Assert.NotEqual(TokenTestKit.DecodeRaw(a).AsSpan(1, 12).ToArray(), TokenTestKit.DecodeRaw(b).AsSpan(1, 12).ToArray());
    }

    [Fact]
    public void Every_flipped_bit_after_the_version_byte_is_forged()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        byte[] raw = TokenTestKit.DecodeRaw(service.Mint(TokenTestKit.InlineToken(clock)));

        for (int i = 0; i < raw.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                byte[] tampered = (byte[])raw.Clone();
                tampered[i] ^= mask;
                ConnectTokenOpenResult result = service.Open(TokenTestKit.EncodeRaw(tampered));
                Assert.Equal(i == 0 ? ConnectTokenFailure.Malformed : ConnectTokenFailure.Forged, result.Failure);
            }
        }
    }

    [Fact]
    public void Every_changed_character_is_refused()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string token = service.Mint(TokenTestKit.InlineToken(clock));

        for (int i = 0; i < token.Length; i++)
        {
            char replacement = token[i] == 'A' ? 'B' : 'A';
            string tampered = string.Concat(token.AsSpan(0, i), [replacement], token.AsSpan(i + 1));
            ConnectTokenOpenResult result = service.Open(tampered);
            Assert.False(result.Succeeded);
            Assert.Contains(result.Failure, new[] { ConnectTokenFailure.Forged, ConnectTokenFailure.Malformed });
        }

        Assert.True(service.Open(token).Succeeded);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string token = service.Mint(TokenTestKit.InlineToken(clock));

        for (int length = 0; length < token.Length; length++)
        {
            ConnectTokenOpenResult result = service.Open(token[..length]);
            Assert.False(result.Succeeded);
            Assert.Contains(result.Failure, new[] { ConnectTokenFailure.Forged, ConnectTokenFailure.Malformed });
        }
    }

    [Fact]
    public void Wrong_key_is_forged()
    {
        var clock = TokenTestKit.NewClock();
        string token = TokenTestKit.NewService(clock, TokenTestKit.OtherKey).Mint(TokenTestKit.InlineToken(clock));

        Assert.Equal(ConnectTokenFailure.Forged, TokenTestKit.NewService(clock).Open(token).Failure);
    }

    [Fact]
    public void Associated_data_is_bound()
    {
        var clock = TokenTestKit.NewClock();
        string json = $$"""{"v":1,"id":"x","exp":{{clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}},"protocol":"vnc"}""";
        byte[] nonce = RandomNumberGenerator.GetBytes(12);
        byte[] plaintext = Encoding.UTF8.GetBytes(json);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using (var aes = new AesGcm(TokenTestKit.Key, 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, "gateway-connect-token-v2"u8);
        }

        string token = TokenTestKit.EncodeRaw([1, .. nonce, .. ciphertext, .. tag]);

        Assert.Equal(ConnectTokenFailure.Forged, TokenTestKit.NewService(clock).Open(token).Failure);
    }

    [Fact]
    public void Expiry_allows_thirty_seconds_of_skew_then_refuses()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock, TimeSpan.FromSeconds(60));
        string first = service.Mint(token);
        string second = service.Mint(token with { Id = ConnectToken.NewId() });

        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.True(service.Open(first).Succeeded);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ConnectTokenFailure.Expired, service.Open(second).Failure);
    }

    [Fact]
    public void Expired_wins_over_reused()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string token = service.Mint(TokenTestKit.InlineToken(clock, TimeSpan.FromSeconds(10)));
        Assert.True(service.Open(token).Succeeded);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ConnectTokenFailure.Expired, service.Open(token).Failure);
    }

    [Fact]
    public void Second_open_is_reused()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string token = service.Mint(TokenTestKit.InlineToken(clock));

        Assert.True(service.Open(token).Succeeded);
        Assert.Equal(ConnectTokenFailure.Reused, service.Open(token).Failure);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ConnectTokenFailure.Reused, service.Open(token).Failure);
    }

    [Fact]
    public void A_token_with_a_used_id_but_another_seal_is_reused()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock);

        Assert.True(service.Open(service.Mint(token)).Succeeded);
        Assert.Equal(ConnectTokenFailure.Reused, service.Open(service.Mint(token)).Failure);
    }

    [Fact]
    public void Services_sharing_a_cache_share_one_time_use()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock);
        var a = new ConnectTokenService(TokenTestKit.Key, cache, clock);
        var b = new ConnectTokenService(TokenTestKit.Key, cache, clock);
        string token = a.Mint(TokenTestKit.InlineToken(clock));

        Assert.True(a.Open(token).Succeeded);
        Assert.Equal(ConnectTokenFailure.Reused, b.Open(token).Failure);
    }

    [Fact]
    public void Full_replay_cache_refuses_new_tokens_until_ids_expire()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock, capacity: 2);
        string[] tokens = Enumerable.Range(0, 3).Select(_ => service.Mint(TokenTestKit.InlineToken(clock, TimeSpan.FromSeconds(60)))).ToArray();

        Assert.True(service.Open(tokens[0]).Succeeded);
        Assert.True(service.Open(tokens[1]).Succeeded);
        Assert.Equal(ConnectTokenFailure.ReplayCacheFull, service.Open(tokens[2]).Failure);
        Assert.Equal(ConnectTokenFailure.Reused, service.Open(tokens[0]).Failure);

        clock.Advance(TimeSpan.FromSeconds(91));
        Assert.True(service.Open(service.Mint(TokenTestKit.InlineToken(clock))).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("AQ")]
    [InlineData("AQID")]
    [InlineData("not base64url!")]
    [InlineData("AfDx8vP0+fb3/Pn6")]
    [InlineData("AfDx 8vP0")]
    [InlineData("AfDx8vP09fb3-Pn6-xIkNSJGC_5W9pPVoKwtDdp0hDfvTmIs7DkkHpF7H_BiZGA0vnG7iKqsbfhDJwnfraU9ahFUTjLMK7ROujgYh9NgS1DoGRl2GEUfTgMFw-NzK-9VYCIH8oWLRWnDWLdeda6bLPWkjq_boYJz3HjKZhIxCKBRf60-lPt6gXGoAXprQzfK-4OI3HETbmfTGXGwWcoamMhwJyMcpZwvw3_Xdm0ptuNhmy4bPKseAJtao-gPo84GaelObqQ57Q==")]
    [InlineData("\0\0\0\0")]
    public void Malformed_input_is_malformed(string? token)
    {
        var clock = TokenTestKit.NewClock();

        Assert.Equal(ConnectTokenFailure.Malformed, TokenTestKit.NewService(clock).Open(token).Failure);
    }

    [Fact]
    public void Shortest_possible_sealed_token_that_is_still_too_short_is_malformed()
    {
        var clock = TokenTestKit.NewClock();
        byte[] raw = new byte[1 + 12 + 16 + 1];
        raw[0] = 1;

        Assert.Equal(ConnectTokenFailure.Malformed, TokenTestKit.NewService(clock).Open(TokenTestKit.EncodeRaw(raw)).Failure);
    }

    [Fact]
    public void Over_long_token_is_malformed_before_decoding()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);

        Assert.Equal(ConnectTokenFailure.Malformed, service.Open(new string('A', ConnectTokenService.MaxTokenLength + 1)).Failure);
        Assert.Equal(ConnectTokenFailure.Malformed, service.Open(new string('A', 10_000_000)).Failure);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void Wrong_version_byte_is_malformed(byte version)
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string json = $$"""{"v":1,"id":"x","exp":{{clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}},"protocol":"vnc"}""";

        Assert.Equal(ConnectTokenFailure.Malformed, service.Open(TokenTestKit.SealRaw(json, version: version)).Failure);
        Assert.True(service.Open(TokenTestKit.SealRaw(json)).Succeeded);
    }

    [Fact]
    public void Non_canonical_trailing_bits_are_malformed()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        string token = service.Mint(TokenTestKit.InlineToken(clock));
        Assert.NotEqual(0, token.Length % 4);

        // Set the lowest spare bit of the last character: lenient decoders read the same bytes.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = Alphabet[Alphabet.IndexOf(token[^1], StringComparison.Ordinal) | 1];
        string respelled = token[..^1] + last;
        Assert.NotEqual(token, respelled);

        Assert.Equal(ConnectTokenFailure.Malformed, service.Open(respelled).Failure);
        Assert.True(service.Open(token).Succeeded);
    }

    [Theory]
    [InlineData("""not json""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{}""")]
    [InlineData("""{"v":2,"id":"x","exp":EXP,"protocol":"vnc"}""")]
    [InlineData("""{"id":"x","exp":EXP,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"exp":EXP,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":"EXP","protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP.5,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":99999999999999999,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":-99999999999999999,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","join":"$abc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"connection":"lab","join":"$abc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"connection":"lab","params":{"a":"b"}}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"join":"abc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"connection":"bad id"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"VNC"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","params":{"a":null}}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","params":{"a":1}}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","params":{"a":"1","a":"2"}}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","params":{"bad name":"1"}}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","params":[]}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","protocol":"rdp"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","extra":true}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","Protocol":"rdp"}""")]
    [InlineData("""{"v":1,"id":"","exp":EXP,"protocol":"vnc"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","readOnly":"yes"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc","name":"a\u0007b"}""")]
    [InlineData("""{"v":1,"id":"x","exp":EXP,"protocol":"vnc"} trailing""")]
    public void Authentic_but_invalid_payload_is_malformed(string template)
    {
        var clock = TokenTestKit.NewClock();
        string json = template.Replace("EXP", clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        Assert.Equal(ConnectTokenFailure.Malformed, TokenTestKit.NewService(clock).Open(TokenTestKit.SealRaw(json)).Failure);
    }

    [Fact]
    public void Portal_style_json_with_any_member_order_and_escapes_opens()
    {
        var clock = TokenTestKit.NewClock();
        long exp = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        string json = $$"""
            { "params": { "port": "5901", "password": "p\u00e4ss" }, "readOnly": true,
              "exp": {{exp}}, "protocol": "vnc", "id": "portal-1", "v": 1, "name": null }
            """;

        ConnectTokenOpenResult result = TokenTestKit.NewService(clock).Open(TokenTestKit.SealRaw(json));

        Assert.True(result.Succeeded);
        Assert.Equal("päss", result.Token.Parameters!["password"]);
        Assert.True(result.Token.ReadOnly);
        Assert.Null(result.Token.DisplayName);
    }

    [Fact]
    public void Random_strings_never_throw()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        var random = new Random(20240611);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (int i = 0; i < 3000; i++)
        {
            int length = random.Next(0, i % 10 == 0 ? 20_000 : 400);
            char[] chars = new char[length];
            for (int j = 0; j < length; j++)
            {
                chars[j] = (i % 3) switch
                {
                    0 => Alphabet[random.Next(Alphabet.Length)],
                    1 => (char)random.Next(0, 0x80),
                    _ => (char)random.Next(0, 0x10000),
                };
            }

            ConnectTokenOpenResult result = service.Open(new string(chars));
            Assert.False(result.Succeeded);
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        var random = new Random(7);

        for (int i = 0; i < 3000; i++)
        {
            byte[] raw = new byte[random.Next(0, 600)];
            random.NextBytes(raw);
            if (raw.Length > 0 && i % 2 == 0)
            {
                raw[0] = 1;
            }

            ConnectTokenOpenResult result = service.Open(TokenTestKit.EncodeRaw(raw));
            Assert.False(result.Succeeded);
            Assert.Contains(result.Failure, new[] { ConnectTokenFailure.Malformed, ConnectTokenFailure.Forged });
        }
    }

    [Fact]
    public void Random_authentic_plaintexts_never_throw()
    {
        // What a buggy portal could send: correctly sealed, arbitrary content.
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        var random = new Random(99);
        string[] pieces = ["{", "}", "[", "]", ",", ":", "\"v\"", "1", "\"id\"", "\"x\"", "\"exp\"", "1893456000", "\"params\"", "null", "true", "\"\\u0000\"", "-", "1e400", "\"protocol\"", "\"vnc\"", " "];

        for (int i = 0; i < 3000; i++)
        {
            var json = new StringBuilder();
            int count = random.Next(0, 40);
            for (int j = 0; j < count; j++)
            {
                json.Append(pieces[random.Next(pieces.Length)]);
            }

            ConnectTokenOpenResult result = service.Open(TokenTestKit.SealRaw(json.ToString()));
            Assert.True(result.Succeeded || result.Failure == ConnectTokenFailure.Malformed);
        }

        // Deep nesting is refused, not recursed into.
        string deep = new string('[', 5000) + new string(']', 5000);
        Assert.Equal(ConnectTokenFailure.Malformed, service.Open(TokenTestKit.SealRaw(deep)).Failure);
    }

    [Fact]
    public void Mint_refuses_invalid_tokens_without_echoing_values()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken good = TokenTestKit.InlineToken(clock);
        ConnectToken[] bad =
        [
            good with { Join = "$abc" },
            good with { Protocol = null },
            good with { Protocol = null, Parameters = null },
            good with { Id = "" },
            good with { Id = new string('a', 129) },
            good with { Protocol = "Vnc" },
            good with { DisplayName = new string('n', 257) },
            good with { Parameters = new Dictionary<string, string> { ["bad name"] = "hunter2-secret" } },
            good with { Parameters = new Dictionary<string, string> { ["password"] = new string('s', 8193) } },
            good with { Parameters = Enumerable.Range(0, 257).ToDictionary(i => $"p{i}", _ => "hunter2-secret") },
            new ConnectToken { Id = "x", ExpiresAt = good.ExpiresAt, Join = "no-dollar" },
            new ConnectToken { Id = "x", ExpiresAt = good.ExpiresAt, ConnectionId = "has space" },
        ];

        foreach (ConnectToken token in bad)
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => service.Mint(token));
            Assert.DoesNotContain("hunter2-secret", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mint_refuses_tokens_over_the_length_limit()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock) with
        {
            Parameters = Enumerable.Range(0, 3).ToDictionary(i => $"p{i}", _ => new string('x', 8000)),
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => service.Mint(token));
        Assert.Contains("16384", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Largest_mintable_token_opens()
    {
        var clock = TokenTestKit.NewClock();
        var service = TokenTestKit.NewService(clock);
        ConnectToken token = TokenTestKit.InlineToken(clock) with
        {
            Parameters = new Dictionary<string, string> { ["a"] = new string('x', 8000), ["b"] = new string('y', 3000) },
        };

        string minted = service.Mint(token);

        Assert.InRange(minted.Length, 14_000, ConnectTokenService.MaxTokenLength);
        Assert.True(service.Open(minted).Succeeded);
    }

    [Fact]
    public void Constructor_requires_a_32_byte_key()
    {
        var clock = TokenTestKit.NewClock();
        var cache = new MemoryTokenReplayCache(clock);

        Assert.Throws<ArgumentException>(() => new ConnectTokenService(new byte[16], cache, clock));
        Assert.Throws<ArgumentException>(() => new ConnectTokenService(new byte[33], cache, clock));
    }
}
