using Gateway.Core.Parameters;

namespace Gateway.Core.Tests.Parameters;

public sealed class ParameterSchemaTests
{
    private static readonly ParameterSchema Schema = ParameterSchema.For(typeof(SampleSettings));

    [Fact]
    public void Names_follow_declaration_order()
    {
        Assert.Equal(
            ["hostname", "port", "password", "read-only", "resize-method", "scale", "color-depth", "timeout", "label", "private-key", "enable-audio"],
            Schema.Names);
        Assert.Equal(Schema.Names, Schema.Parameters.Select(p => p.ToString()));
        Assert.Same(typeof(SampleSettings), Schema.SettingsType);
    }

    [Fact]
    public void Schemas_are_computed_once_per_type()
    {
        Assert.Same(Schema, ParameterSchema.For(typeof(SampleSettings)));
    }

    [Fact]
    public void Descriptors_carry_the_declared_metadata()
    {
        Assert.True(Schema.TryGet("port", out var port));
        Assert.Equal(("5900", false, typeof(int), 1.0, 65535.0), (port.Default, port.IsSecret, port.ValueType, port.Min!.Value, port.Max!.Value));
        Assert.True(Schema.TryGet("password", out var password));
        Assert.True(password.IsSecret);
        Assert.Null(password.Min);
        Assert.Null(password.Max);
        Assert.True(Schema.TryGet("hostname", out var hostname));
        Assert.Equal("the remote host", hostname.Description);
        Assert.Equal(nameof(SampleSettings.Hostname), hostname.Property.Name);
        Assert.False(Schema.TryGet("Unrelated", out _));
        Assert.False(Schema.TryGet("nope", out _));
    }

    [Fact]
    public void Absent_and_empty_values_take_the_defaults()
    {
        foreach (var values in new[] { new Dictionary<string, string>(), Schema.Names.ToDictionary(n => n, _ => "") })
        {
            var settings = Bind(values);

            Assert.Null(settings.Hostname);
            Assert.Equal(5900, settings.Port);
            Assert.False(settings.ReadOnly);
            Assert.Equal(SampleResizeMethod.None, settings.ResizeMethod);
            Assert.Equal(1.0, settings.Scale);
            Assert.Null(settings.ColorDepth);
            Assert.Equal(10000, settings.Timeout);
            Assert.Null(settings.EnableAudio);
            Assert.Equal("untouched", settings.Unrelated);
        }
    }

    [Fact]
    public void Values_of_every_supported_type_bind()
    {
        var settings = Bind(new()
        {
            ["hostname"] = "10.0.0.5",
            ["port"] = "3389",
            ["password"] = "p@ss",
            ["read-only"] = "true",
            ["resize-method"] = "display-update",
            ["scale"] = "1.5",
            ["color-depth"] = "24",
            ["timeout"] = "5000000000",
            ["label"] = "exactly8",
            ["enable-audio"] = "false",
            ["not-declared"] = "ignored",
        });

        Assert.Equal("10.0.0.5", settings.Hostname);
        Assert.Equal(3389, settings.Port);
        Assert.Equal("p@ss", settings.Password);
        Assert.True(settings.ReadOnly);
        Assert.Equal(SampleResizeMethod.DisplayUpdate, settings.ResizeMethod);
        Assert.Equal(1.5, settings.Scale);
        Assert.Equal(24, settings.ColorDepth);
        Assert.Equal(5_000_000_000L, settings.Timeout);
        Assert.Equal("exactly8", settings.Label);
        Assert.False(settings.EnableAudio);
    }

    [Fact]
    public void Each_bind_makes_a_new_settings_object()
    {
        Assert.NotSame(Bind(new()), Bind(new()));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    public void Booleans_accept_true_false_one_and_zero(string raw, bool expected)
    {
        Assert.Equal(expected, Bind(new() { ["read-only"] = raw }).ReadOnly);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("2")]
    [InlineData(" true")]
    public void Other_boolean_spellings_are_refused(string raw)
    {
        AssertRefused("read-only", raw, "parameter 'read-only' must be true or false");
    }

    [Theory]
    [InlineData("", SampleResizeMethod.None)]
    [InlineData("display-update", SampleResizeMethod.DisplayUpdate)]
    [InlineData("DISPLAY-UPDATE", SampleResizeMethod.DisplayUpdate)]
    [InlineData("reconnect", SampleResizeMethod.Reconnect)]
    [InlineData("Reconnect", SampleResizeMethod.Reconnect)]
    public void Enums_use_their_wire_spelling_or_else_their_name(string raw, SampleResizeMethod expected)
    {
        Assert.Equal(expected, Bind(new() { ["resize-method"] = raw }).ResizeMethod);
    }

    [Theory]
    [InlineData("DisplayUpdate")] // the C# name of a value that has a wire spelling
    [InlineData("None")]
    [InlineData("1")]              // never a numeric enum value
    [InlineData("display_update")]
    public void Unknown_enum_values_are_refused(string raw)
    {
        AssertRefused("resize-method", raw, "parameter 'resize-method' has an unknown value");
    }

    [Theory]
    [InlineData("port", "0", "parameter 'port' must be between 1 and 65535")]
    [InlineData("port", "65536", "parameter 'port' must be between 1 and 65535")]
    [InlineData("port", "-7", "parameter 'port' must be between 1 and 65535")]
    [InlineData("port", "abc", "parameter 'port' must be a number")]
    [InlineData("port", "5900.5", "parameter 'port' must be a whole number")]
    [InlineData("port", "5.9e3", "parameter 'port' must be a whole number")]
    [InlineData("port", "99999999999", "parameter 'port' must be between 1 and 65535")]
    [InlineData("scale", "4.5", "parameter 'scale' must be between 0.25 and 4")]
    [InlineData("scale", "0.1", "parameter 'scale' must be between 0.25 and 4")]
    [InlineData("scale", "NaN", "parameter 'scale' must be a number")]
    [InlineData("scale", "Infinity", "parameter 'scale' must be a number")]
    [InlineData("timeout", "-1", "parameter 'timeout' must be between 0 and inf")]
    [InlineData("color-depth", "3000000000", "parameter 'color-depth' is out of range")]
    [InlineData("label", "123456789", "parameter 'label' is longer than 8 characters")]
    public void Bounds_errors_name_the_parameter(string name, string raw, string message)
    {
        AssertRefused(name, raw, message);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    public void Longs_at_and_beyond_the_range_never_wrap(string raw)
    {
        var result = Schema.BindObject(new Dictionary<string, string> { ["timeout"] = raw });

        if (raw == "9223372036854775807")
        {
            Assert.Equal(long.MaxValue, ((SampleSettings)result.Settings!).Timeout); // exact, not wrapped
        }
        else
        {
            Assert.Equal("parameter 'timeout' is out of range", result.Error);
        }
    }

    [Fact]
    public void Integers_bind_exactly_beyond_double_precision()
    {
        Assert.Equal(9007199254740993L, Bind(new() { ["timeout"] = "9007199254740993" }).Timeout);
    }

    [Fact]
    public void Values_longer_than_the_argv_limit_are_refused_without_the_value()
    {
        var huge = new string('S', ParameterSchema.MaxValueLength + 1);
        AssertRefused("password", huge, "parameter 'password' is too long");
        Assert.Equal(ParameterSchema.MaxValueLength, Bind(new() { ["password"] = huge[1..] }).Password!.Length);
    }

    [Fact]
    public void Errors_never_contain_the_offending_value()
    {
        const string Marker = "Zq9Xv";
        foreach (var name in Schema.Names)
        {
            var result = Schema.BindObject(new Dictionary<string, string> { [name] = Marker + "999999999999" });
            if (!result.Succeeded)
            {
                Assert.DoesNotContain(Marker, result.Error, StringComparison.Ordinal);
                Assert.Contains($"'{name}'", result.Error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Redact_hides_secrets_and_undeclared_names()
    {
        var redacted = Schema.Redact(new Dictionary<string, string>
        {
            ["hostname"] = "10.0.0.5",
            ["port"] = "5900",
            ["password"] = "hunter2",
            ["private-key"] = "-----BEGIN KEY-----",
            ["mystery"] = "maybe-a-token",
            ["enable-audio"] = "",
        });

        Assert.Equal("10.0.0.5", redacted["hostname"]);
        Assert.Equal("5900", redacted["port"]);
        Assert.Equal(ParameterSchema.Redacted, redacted["password"]);
        Assert.Equal(ParameterSchema.Redacted, redacted["private-key"]);
        Assert.Equal(ParameterSchema.Redacted, redacted["mystery"]);
        Assert.Equal("", redacted["enable-audio"]);
        Assert.Equal(6, redacted.Count);
    }

    [Fact]
    public void An_empty_secret_stays_visibly_empty()
    {
        var redacted = Schema.Redact(new Dictionary<string, string> { ["password"] = "" });

        Assert.Equal("", redacted["password"]);
    }

    [Fact]
    public void Secrecy_is_by_declaration_and_unknown_names_count_as_secret()
    {
        Assert.True(Schema.IsSecret("password"));
        Assert.True(Schema.IsSecret("private-key"));
        Assert.True(Schema.IsSecret("not-declared"));
        Assert.False(Schema.IsSecret("hostname"));
    }

    [Fact]
    public void A_duplicate_name_throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ParameterSchema.For(typeof(DuplicateSettings)));
        Assert.Contains("'port'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_without_a_setter_throws()
    {
        Assert.Throws<InvalidOperationException>(() => ParameterSchema.For(typeof(ReadOnlyPropertySettings)));
    }

    [Fact]
    public void An_unsupported_property_type_throws_when_the_schema_is_built()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ParameterSchema.For(typeof(UnsupportedTypeSettings)));
        Assert.Contains("'endpoint'", ex.Message, StringComparison.Ordinal);
    }

    private static SampleSettings Bind(Dictionary<string, string> values)
    {
        var result = Schema.BindObject(values);
        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Error);
        return (SampleSettings)result.Settings!;
    }

    private static void AssertRefused(string name, string raw, string message)
    {
        var result = Schema.BindObject(new Dictionary<string, string> { [name] = raw });

        Assert.False(result.Succeeded);
        Assert.Null(result.Settings);
        Assert.Equal(message, result.Error);
    }

    private sealed class DuplicateSettings
    {
        [GuacamoleParameter("port")]
        public int Port { get; set; }

        [GuacamoleParameter("port")]
        public int OtherPort { get; set; }
    }

    private sealed class ReadOnlyPropertySettings
    {
        [GuacamoleParameter("hostname")]
        public string Hostname => "fixed";
    }

    private sealed class UnsupportedTypeSettings
    {
        [GuacamoleParameter("endpoint")]
        public Uri? Endpoint { get; set; }
    }
}
