namespace Gateway.Server.Catalog;

/// <summary>Settings under <c>Gateway:Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Gateway:Catalog";

    /// <summary>Path of the YAML catalog; unset means an empty catalog.</summary>
    public string? Path { get; set; }
}
