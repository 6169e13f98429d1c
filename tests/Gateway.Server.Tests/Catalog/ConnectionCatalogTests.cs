using System.Text;
using Gateway.Server.Catalog;

namespace Gateway.Server.Tests.Catalog;

public sealed class ConnectionCatalogTests
{
    private const string Secret = "S3cr3t-Value";

    private const string Sample = """
        # Connections offered by this gateway.
        connections:
          lab-desktop:
            name: Lab desktop
            protocol: vnc
            parameters:
              hostname: 127.0.0.1
              port: 5901
              password: S3cr3t-Value
          build.server_01:
            protocol: ssh
            parameters:
              hostname: build01
              port: 22
              enable-sftp: True
              read-only: false
              color-scheme: "green-black"
              quoted-true: 'TRUE'
              scale: 1.50
              unset:
              tilde: ~
              multi: |
                line one
                line two
          empty-one:
            protocol: rdp
        """;

    [Fact]
    public void Sample_loads_with_values_as_strings()
    {
        ConnectionCatalog catalog = ConnectionCatalog.Parse(Sample, "sample.yaml");

        Assert.Equal(["lab-desktop", "build.server_01", "empty-one"], catalog.Entries.Select(e => e.Id));
        Assert.True(catalog.TryGet("lab-desktop", out CatalogEntry? lab));
        Assert.Equal("Lab desktop", lab.Name);
        Assert.Equal("vnc", lab.Protocol);
        Assert.Equal("127.0.0.1", lab.Parameters["hostname"]);
        Assert.Equal("5901", lab.Parameters["port"]);
        Assert.Equal(Secret, lab.Parameters["password"]);

        Assert.True(catalog.TryGet("build.server_01", out CatalogEntry? build));
        Assert.Equal("build.server_01", build.Name);
        Assert.Equal("true", build.Parameters["enable-sftp"]);
        Assert.Equal("false", build.Parameters["read-only"]);
        Assert.Equal("green-black", build.Parameters["color-scheme"]);
        Assert.Equal("TRUE", build.Parameters["quoted-true"]);
        Assert.Equal("1.50", build.Parameters["scale"]);
        Assert.Equal("", build.Parameters["unset"]);
        Assert.Equal("", build.Parameters["tilde"]);
        Assert.Equal("line one\nline two\n", build.Parameters["multi"]);

        Assert.True(catalog.TryGet("empty-one", out CatalogEntry? empty));
        Assert.Empty(empty.Parameters);
        Assert.False(catalog.TryGet("Lab-Desktop", out _));
        Assert.False(catalog.TryGet("missing", out _));
    }

    [Fact]
    public void Entry_ToString_hides_parameters()
    {
        ConnectionCatalog catalog = ConnectionCatalog.Parse(Sample, "sample.yaml");

        string text = catalog.Entries[0].ToString();

        Assert.Contains("lab-desktop", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_from_a_file_named_in_options()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-catalog-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Sample, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            ConnectionCatalog catalog = ConnectionCatalog.Load(new CatalogOptions { Path = path });

            Assert.Equal(3, catalog.Entries.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unset_path_gives_an_empty_catalog()
    {
        Assert.Empty(ConnectionCatalog.Load(new CatalogOptions()).Entries);
        Assert.Empty(ConnectionCatalog.Load(new CatalogOptions { Path = " " }).Entries);
        Assert.Empty(ConnectionCatalog.Empty.Entries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("connections:\n")]
    [InlineData("connections: {}\n")]
    public void Empty_documents_give_an_empty_catalog(string yaml)
    {
        Assert.Empty(ConnectionCatalog.Parse(yaml, "empty.yaml").Entries);
    }

    [Fact]
    public void Missing_file_is_a_catalog_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-missing-{Guid.NewGuid():N}.yaml");

        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Load(new CatalogOptions { Path = path }));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connections:\n  bad id:\n    protocol: vnc\n", "line 2", "connection id must be")]
    [InlineData("connections:\n  \"\":\n    protocol: vnc\n", "line 2", "connection id must be")]
    [InlineData("connections:\n  a/b:\n    protocol: vnc\n", "line 2", "connection id must be")]
    [InlineData("connections:\n  lab:\n    name: Lab\n", "connection 'lab'", "protocol is missing")]
    [InlineData("connections:\n  lab:\n    protocol: VNC\n", "connection 'lab'", "protocol must be")]
    [InlineData("connections:\n  lab:\n    protocol: $vnc\n", "connection 'lab'", "protocol must be")]
    [InlineData("connections:\n  lab:\n    protocol: [vnc]\n", "connection 'lab'", "protocol must be a single value")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n  lab:\n    protocol: rdp\n", "connection 'lab'", "appears twice")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    protocol: rdp\n", "connection 'lab'", "'protocol' appears twice")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    password: S3cr3t-Value\n", "connection 'lab'", "unknown key 'password'")]
    [InlineData("connections:\n  lab: S3cr3t-Value\n", "connection 'lab'", "must be a mapping")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: [S3cr3t-Value]\n", "connection 'lab'", "parameter 'password' must be a single value")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: {a: S3cr3t-Value}\n", "connection 'lab'", "parameter 'password' must be a single value")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: S3cr3t-Value\n      password: other\n", "connection 'lab'", "parameter 'password' appears twice")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      bad name: S3cr3t-Value\n", "connection 'lab'", "parameter names must be")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters: S3cr3t-Value\n", "connection 'lab'", "'parameters' must be a mapping")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      ? [S3cr3t-Value]\n      : x\n", "connection 'lab'", "keys must be plain text")]
    [InlineData("connections:\n  lab:\n    name: \"a\\x07b\"\n    protocol: vnc\n", "connection 'lab'", "name must be")]
    [InlineData("servers:\n  lab:\n    protocol: vnc\n", "line 1", "unknown top-level key 'servers'")]
    [InlineData("connections: {}\nconnections: {}\n", "line 2", "'connections' appears twice")]
    [InlineData("- S3cr3t-Value\n", "line 1", "the top level must be a mapping")]
    [InlineData("connections:\n  - S3cr3t-Value\n", "line 2", "'connections' must be a mapping")]
    [InlineData("connections:\n  lab: &x\n    protocol: vnc\n  copy: *x\n", "line 4", "aliases")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: &p S3cr3t-Value\n      other: *p\n", "line 6", "aliases")]
    [InlineData("connections: {}\n---\nconnections: {}\n", "line 2", "single yaml document")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: \"S3cr3t-Value\n", "line", "yaml syntax error")]
    [InlineData("connections:\n  lab: {protocol: vnc, parameters: {password: S3cr3t-Value}\n", "line", "yaml syntax error")]
    [InlineData("connections:\n  lab:\n    protocol: vnc\n   parameters:\n", "line", "yaml syntax error")]
    [InlineData("connections:\n  lab:\n    protocol: !<bad tag> vnc\n", "line 3", "yaml syntax error")]
    public void Invalid_catalogs_give_clear_errors_without_values(string yaml, string where, string reason)
    {
        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml, "/etc/gateway/catalog.yaml"));

        Assert.Contains("catalog '/etc/gateway/catalog.yaml'", e.Message, StringComparison.Ordinal);
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Too_many_connections_is_an_error()
    {
        var yaml = new StringBuilder("connections:\n");
        for (int i = 0; i <= ConnectionCatalog.MaxConnections; i++)
        {
            yaml.Append("  c").Append(i).Append(": {protocol: vnc}\n");
        }

        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml.ToString(), "big.yaml"));

        Assert.Contains("more than 10000 connections", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection 'c10000'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_maximum_connections_and_parameters_load()
    {
        var yaml = new StringBuilder("connections:\n  wide:\n    protocol: vnc\n    parameters:\n");
        for (int i = 0; i < ConnectionCatalog.MaxParametersPerConnection; i++)
        {
            yaml.Append("      p").Append(i).Append(": v\n");
        }

        for (int i = 1; i < ConnectionCatalog.MaxConnections; i++)
        {
            yaml.Append("  c").Append(i).Append(": {protocol: vnc}\n");
        }

        ConnectionCatalog catalog = ConnectionCatalog.Parse(yaml.ToString(), "max.yaml");

        Assert.Equal(ConnectionCatalog.MaxConnections, catalog.Entries.Count);
        Assert.Equal(256, catalog.Entries[0].Parameters.Count);
    }

    [Fact]
    public void Too_many_parameters_is_an_error()
    {
        var yaml = new StringBuilder("connections:\n  wide:\n    protocol: vnc\n    parameters:\n");
        for (int i = 0; i <= ConnectionCatalog.MaxParametersPerConnection; i++)
        {
            yaml.Append("      p").Append(i).Append(": ").Append(Secret).Append('\n');
        }

        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml.ToString(), "wide.yaml"));

        Assert.Contains("connection 'wide'", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 parameters", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_parameter_value_is_an_error()
    {
        string yaml = $"connections:\n  lab:\n    protocol: vnc\n    parameters:\n      key: {new string('k', 8193)}\n";

        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml, "long.yaml"));

        Assert.Contains("parameter 'key' is longer than 8192", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kkkk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_unknown_key_is_shortened_in_the_message()
    {
        string yaml = $"connections:\n  lab:\n    protocol: vnc\n    {new string('k', 5000)}: x\n";

        CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml, "key.yaml"));

        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void File_over_4_MiB_is_refused_before_parsing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-huge-{Guid.NewGuid():N}.yaml");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("connections:\n");
            writer.Write(new string('#', ConnectionCatalog.MaxFileBytes));
        }

        try
        {
            CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.LoadFile(path));

            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("larger than 4194304 bytes", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(new string('#', ConnectionCatalog.MaxFileBytes + 1), "big.yaml"));
    }

    [Fact]
    public void Invalid_utf8_is_refused_without_quoting_bytes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-bad-utf8-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, [.. "connections:\n  lab:\n    protocol: vnc\n    parameters:\n      password: "u8, 0xC3, 0x28, (byte)'\n']);
        try
        {
            CatalogException e = Assert.Throws<CatalogException>(() => ConnectionCatalog.LoadFile(path));

            Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
            Assert.Null(e.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Deep_nesting_is_an_error_not_a_crash(char open, char close)
    {
        string yaml = "connections:\n  lab:\n    protocol: vnc\n    parameters:\n      x: "
            + new string(open, 200_000) + new string(close, 200_000) + "\n";

        Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(yaml, "deep.yaml"));
        Assert.Throws<CatalogException>(() => ConnectionCatalog.Parse(new string(open, 200_000), "deep.yaml"));
    }

    [Fact]
    public void Random_text_gives_a_catalog_or_a_catalog_error()
    {
        var random = new Random(4242);
        string[] pieces = ["connections", ":", " ", "\n", "  ", "lab", "protocol", "vnc", "parameters", "-", "[", "]", "{", "}", ",", "\"", "'", "&a", "*a", "!!str", "?", "#", "|", ">", "---", "...", "\t", "%YAML 1.2", "~"];

        for (int i = 0; i < 3000; i++)
        {
            var yaml = new StringBuilder();
            int count = random.Next(0, 60);
            for (int j = 0; j < count; j++)
            {
                yaml.Append(pieces[random.Next(pieces.Length)]);
            }

            try
            {
                ConnectionCatalog.Parse(yaml.ToString(), "random.yaml");
            }
            catch (CatalogException)
            {
            }
        }
    }

    [Fact]
    public void Catalog_built_from_entries_rejects_duplicate_ids()
    {
        var entry = new CatalogEntry("a", "A", "vnc", new Dictionary<string, string>());

        Assert.Throws<ArgumentException>(() => new ConnectionCatalog([entry, entry with { Name = "B" }]));
    }
}
