using System.Diagnostics.CodeAnalysis;

namespace Gateway.Server.Catalog;

/// <summary>
/// The connections an operator has defined, by id. Immutable once built; load it with
/// <see cref="Load(CatalogOptions)"/> or <see cref="LoadFile"/>, or build it from entries.
/// </summary>
public sealed class ConnectionCatalog
{
    /// <summary>Largest catalog file read, in bytes.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Most connections in one catalog.</summary>
    public const int MaxConnections = 10_000;

    /// <summary>Most parameters on one connection.</summary>
    public const int MaxParametersPerConnection = ConnectionNames.MaxParameters;

    private readonly Dictionary<string, CatalogEntry> _byId;

    /// <exception cref="ArgumentException">Two entries share an id.</exception>
    public ConnectionCatalog(IEnumerable<CatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<CatalogEntry>();
        _byId = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (CatalogEntry entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (!_byId.TryAdd(entry.Id, entry))
            {
                throw new ArgumentException($"connection '{entry.Id}' appears twice", nameof(entries));
            }

            list.Add(entry);
        }

        Entries = list.AsReadOnly();
    }

    /// <summary>A catalog with no connections.</summary>
    public static ConnectionCatalog Empty { get; } = new([]);

    /// <summary>Every entry, in file order.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    public bool TryGet(string id, [MaybeNullWhen(false)] out CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.TryGetValue(id, out entry);
    }

    /// <summary>Loads the file named by <see cref="CatalogOptions.Path"/>; an empty catalog when unset.</summary>
    /// <exception cref="CatalogException">The file is missing, too large or invalid.</exception>
    public static ConnectionCatalog Load(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Path) ? Empty : LoadFile(options.Path);
    }

    /// <summary>Reads and validates a YAML catalog file.</summary>
    /// <exception cref="CatalogException">The file is missing, too large or invalid.</exception>
    public static ConnectionCatalog LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException($"catalog '{path}' could not be read: {e.GetType().Name}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses catalog YAML; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="CatalogException">The text is too large or invalid.</exception>
    public static ConnectionCatalog Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (yaml.Length > MaxFileBytes)
        {
            throw new CatalogException($"catalog '{sourceName}' is larger than {MaxFileBytes} bytes");
        }

        return new ConnectionCatalog(CatalogYamlReader.Read(yaml, sourceName));
    }

    private static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.CanSeek && stream.Length > MaxFileBytes)
        {
            throw new CatalogException($"catalog '{path}' is larger than {MaxFileBytes} bytes");
        }

        // Read at most one byte past the cap, whatever the file claims its length is.
        byte[] buffer = new byte[Math.Min(MaxFileBytes + 1, stream.CanSeek ? (int)stream.Length + 1 : MaxFileBytes + 1)];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
            if (total == buffer.Length && total <= MaxFileBytes)
            {
                // The file grew while we read it; keep reading up to the cap.
                Array.Resize(ref buffer, MaxFileBytes + 1);
            }
        }

        if (total > MaxFileBytes)
        {
            throw new CatalogException($"catalog '{path}' is larger than {MaxFileBytes} bytes");
        }

        try
        {
            return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(buffer, 0, total).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            // The inner exception would quote the offending bytes, so it is not kept.
            throw new CatalogException($"catalog '{path}' is not valid UTF-8");
        }
    }
}
