using System.Text.RegularExpressions;

namespace Gateway.Architecture.Tests;

/// <summary>Namespaces follow folders: src/Gateway.Protocol/Handshake/X.cs declares namespace Gateway.Protocol.Handshake.</summary>
public sealed partial class NamespaceRuleTests
{
    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var violations = new List<string>();
        var checkedFiles = 0;

        foreach (var file in SourceFiles(Repository.SourceDirectory))
        {
            var text = File.ReadAllText(file);
            var expected = ExpectedNamespace(file);
            var declared = NamespaceDeclaration().Match(text);

            if (!declared.Success)
            {
                // Top-level statements (Program.cs) and assembly attributes have no namespace; types must.
                if (Path.GetFileName(file) != "Program.cs" && TypeDeclaration().IsMatch(text))
                {
                    violations.Add($"{Repository.Relative(file)}: declares a type outside any namespace, expected {expected}");
                }

                continue;
            }

            checkedFiles++;
            var actual = declared.Groups["name"].Value;
            if (actual != expected)
            {
                violations.Add($"{Repository.Relative(file)}: namespace {actual}, expected {expected}");
            }
        }

        Assert.True(checkedFiles > 0, $"no C# file with a namespace found under {Repository.SourceDirectory}");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Theory]
    [InlineData("namespace Gateway.Protocol;\n", "Gateway.Protocol")]
    [InlineData("using System;\n\nnamespace Gateway.Protocol.Handshake;\n", "Gateway.Protocol.Handshake")]
    [InlineData("// namespace Wrong;\nnamespace Gateway.Core\n{\n}\n", "Gateway.Core")]
    public void The_namespace_declaration_is_found(string text, string expected)
    {
        var match = NamespaceDeclaration().Match(text);

        Assert.True(match.Success);
        Assert.Equal(expected, match.Groups["name"].Value);
    }

    [Fact]
    public void Expected_namespace_joins_the_folders_below_src()
    {
        var file = Path.Combine(Repository.SourceDirectory, "Gateway.Protocol", "Handshake", "ServerHandshake.cs");

        Assert.Equal("Gateway.Protocol.Handshake", ExpectedNamespace(file));
    }

    private static string ExpectedNamespace(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetRelativePath(Repository.SourceDirectory, file)) ?? string.Empty;
        return directory.Replace(Path.DirectorySeparatorChar, '.').Replace(Path.AltDirectorySeparatorChar, '.');
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name is "bin" or "obj" || name.StartsWith('.'))
            {
                continue;
            }

            foreach (var file in SourceFiles(child))
            {
                yield return file;
            }
        }
    }

    [GeneratedRegex(@"^[ \t]*namespace[ \t]+(?<name>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*(?:;|\{|\r?$)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^[ \t]*(?:public|internal)\b[^;{=(\r\n]*\b(?:class|struct|interface|enum|record|delegate)\b", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();
}
