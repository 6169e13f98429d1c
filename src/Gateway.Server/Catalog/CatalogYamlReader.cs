using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gateway.Server.Catalog;

/// <summary>
/// Reads the catalog YAML straight from the parser's event stream, one method per nesting level,
/// so depth, counts and sizes are checked as the text is read and nothing recurses on input.
/// </summary>
/// <remarks>
/// Shape: <c>connections: { id: { name, protocol, parameters: { name: scalar } } }</c>.
/// Parameter values keep their scalar text, except that plain YAML booleans become <c>true</c> or
/// <c>false</c> and plain nulls become the empty string (which Guacamole reads as unset).
/// Aliases, unknown keys, duplicate keys and nested values are errors. Messages give the file,
/// line and connection id, never a value.
/// </remarks>
internal sealed class CatalogYamlReader
{
    private readonly IParser _parser;
    private readonly string _source;

    private CatalogYamlReader(IParser parser, string source)
    {
        _parser = parser;
        _source = source;
    }

    public static List<CatalogEntry> Read(string yaml, string source)
    {
        var reader = new CatalogYamlReader(new Parser(new StringReader(yaml)), source);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            // The parser's own messages describe grammar, never content; keep only the text after
            // its position prefix.
            string reason = e.Message;
            int colon = reason.IndexOf("): ", StringComparison.Ordinal);
            if (colon >= 0)
            {
                reason = reason[(colon + 3)..];
            }

            throw new CatalogException(
                $"catalog '{source}' line {e.Start.Line}, column {e.Start.Column}: yaml syntax error: {reason.Replace("  ", " ", StringComparison.Ordinal).TrimEnd('.').ToLowerInvariant()}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // Some malformed constructs (for example a bad tag) surface as general exceptions.
            throw new CatalogException($"catalog '{source}' line {reader.Line}: yaml syntax error near here");
        }
    }

    private List<CatalogEntry> ReadStream()
    {
        var entries = new List<CatalogEntry>();
        Expect<StreamStart>("a yaml stream");
        if (TryConsume<StreamEnd>())
        {
            return entries;
        }

        Expect<DocumentStart>("a yaml document");
        ParsingEvent top = Next();
        if (top is Scalar topScalar && IsNull(topScalar))
        {
            // An empty document: no connections.
        }
        else if (top is MappingStart)
        {
            bool seenConnections = false;
            while (!TryConsume<MappingEnd>())
            {
                Scalar key = ReadKey(null);
                if (key.Value != "connections")
                {
                    throw Error(key, null, $"unknown top-level key '{Printable(key.Value)}' (expected 'connections')");
                }

                if (seenConnections)
                {
                    throw Error(key, null, "'connections' appears twice");
                }

                seenConnections = true;
                ReadConnections(entries);
            }
        }
        else
        {
            throw Error(top, null, "the top level must be a mapping with the key 'connections'");
        }

        Expect<DocumentEnd>("the end of the document");
        if (!TryConsume<StreamEnd>())
        {
            throw Error(Peek(), null, "the catalog must be a single yaml document");
        }

        return entries;
    }

    private void ReadConnections(List<CatalogEntry> entries)
    {
        ParsingEvent start = Next();
        if (start is Scalar empty && IsNull(empty))
        {
            return;
        }

        if (start is not MappingStart)
        {
            throw Error(start, null, "'connections' must be a mapping from connection id to connection");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!TryConsume<MappingEnd>())
        {
            Scalar key = ReadKey(null);
            if (!ConnectionNames.IsValidId(key.Value))
            {
                throw Error(key, null, "connection id must be " + ConnectionNames.IdRule);
            }

            string id = key.Value;
            if (!seen.Add(id))
            {
                throw Error(key, id, "connection id appears twice");
            }

            if (entries.Count >= ConnectionCatalog.MaxConnections)
            {
                throw Error(key, id, $"more than {ConnectionCatalog.MaxConnections} connections");
            }

            entries.Add(ReadConnection(id, key));
        }
    }

    private CatalogEntry ReadConnection(string id, Scalar idKey)
    {
        if (Next() is not MappingStart)
        {
            throw Error(idKey, id, "a connection must be a mapping with 'protocol' and optionally 'name' and 'parameters'");
        }

        string? name = null;
        string? protocol = null;
        Dictionary<string, string>? parameters = null;
        while (!TryConsume<MappingEnd>())
        {
            Scalar key = ReadKey(id);
            switch (key.Value)
            {
                case "name" when name is null:
                    name = ReadScalar(id, "name").Value;
                    if (!ConnectionNames.IsValidDisplayName(name))
                    {
                        throw Error(key, id, "name must be at most 256 characters without control characters");
                    }

                    break;
                case "protocol" when protocol is null:
                    protocol = ReadScalar(id, "protocol").Value;
                    if (!ConnectionNames.IsValidProtocol(protocol))
                    {
                        throw Error(key, id, "protocol must be " + ConnectionNames.ProtocolRule);
                    }

                    break;
                case "parameters" when parameters is null:
                    parameters = ReadParameters(id);
                    break;
                case "name" or "protocol" or "parameters":
                    throw Error(key, id, $"'{key.Value}' appears twice");
                default:
                    throw Error(key, id, $"unknown key '{Printable(key.Value)}' (expected name, protocol, parameters)");
            }
        }

        if (protocol is null)
        {
            throw Error(idKey, id, "protocol is missing");
        }

        return new CatalogEntry(
            id,
            string.IsNullOrEmpty(name) ? id : name,
            protocol,
            parameters ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private Dictionary<string, string> ReadParameters(string id)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        ParsingEvent start = Next();
        if (start is Scalar empty && IsNull(empty))
        {
            return parameters;
        }

        if (start is not MappingStart)
        {
            throw Error(start, id, "'parameters' must be a mapping from parameter name to value");
        }

        while (!TryConsume<MappingEnd>())
        {
            Scalar key = ReadKey(id);
            string name = key.Value;
            if (!ConnectionNames.IsValidId(name))
            {
                throw Error(key, id, "parameter names must be " + ConnectionNames.IdRule);
            }

            if (parameters.ContainsKey(name))
            {
                throw Error(key, id, $"parameter '{name}' appears twice");
            }

            if (parameters.Count >= ConnectionCatalog.MaxParametersPerConnection)
            {
                throw Error(key, id, $"more than {ConnectionCatalog.MaxParametersPerConnection} parameters");
            }

            Scalar value = ReadScalar(id, $"parameter '{name}'");
            string text = ToParameterText(value);
            if (text.Length > ConnectionNames.MaxParameterValueLength)
            {
                throw Error(key, id, $"parameter '{name}' is longer than {ConnectionNames.MaxParameterValueLength} characters");
            }

            parameters.Add(name, text);
        }

        return parameters;
    }

    /// <summary>Plain booleans and nulls get one spelling; every other scalar keeps its text.</summary>
    private static string ToParameterText(Scalar value)
    {
        if (value.Style != ScalarStyle.Plain)
        {
            return value.Value;
        }

        if (IsNull(value))
        {
            return string.Empty;
        }

        return value.Value switch
        {
            "true" or "True" or "TRUE" => "true",
            "false" or "False" or "FALSE" => "false",
            _ => value.Value,
        };
    }

    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private Scalar ReadKey(string? id)
    {
        ParsingEvent key = Next();
        return key as Scalar ?? throw Error(key, id, "keys must be plain text");
    }

    private Scalar ReadScalar(string id, string what)
    {
        ParsingEvent value = Next();
        return value as Scalar ?? throw Error(value, id, $"{what} must be a single value, not a list or mapping");
    }

    /// <summary>Line of the last event read, for errors that carry no position of their own.</summary>
    private long Line => _parser.Current?.Start.Line ?? 0;

    /// <summary>The next event, not yet consumed (the parser's own convention for <c>Current</c>).</summary>
    private ParsingEvent Peek()
    {
        if (_parser.Current is null && !_parser.MoveNext())
        {
            throw new CatalogException($"catalog '{_source}': unexpected end of file");
        }

        ParsingEvent current = _parser.Current ?? throw new CatalogException($"catalog '{_source}': unexpected end of file");
        if (current is AnchorAlias)
        {
            throw Error(current, null, "yaml aliases (*name) are not supported");
        }

        return current;
    }

    private ParsingEvent Next()
    {
        ParsingEvent current = Peek();
        _parser.MoveNext();
        return current;
    }

    private bool TryConsume<T>()
        where T : ParsingEvent
    {
        if (Peek() is T)
        {
            _parser.MoveNext();
            return true;
        }

        return false;
    }

    private void Expect<T>(string what)
        where T : ParsingEvent
    {
        ParsingEvent current = Next();
        if (current is not T)
        {
            throw Error(current, null, $"expected {what}");
        }
    }

    private CatalogException Error(ParsingEvent at, string? id, string reason)
    {
        string where = id is null ? string.Empty : $" connection '{id}':";
        return new CatalogException(
            string.Create(CultureInfo.InvariantCulture, $"catalog '{_source}' line {at.Start.Line}:{where} {reason}"));
    }

    /// <summary>Keys are echoed to help find a typo; cut them short and drop control characters.</summary>
    private static string Printable(string key)
    {
        const int MaxShown = 40;
        Span<char> shown = stackalloc char[Math.Min(key.Length, MaxShown)];
        for (int i = 0; i < shown.Length; i++)
        {
            shown[i] = char.IsControl(key[i]) ? '?' : key[i];
        }

        return key.Length > MaxShown ? string.Concat(shown, "...") : new string(shown);
    }
}
