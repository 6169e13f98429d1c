namespace Gateway.Server.Catalog;

/// <summary>
/// The catalog file is unusable. The message names the file, the line and, when known, the
/// connection id; it never contains a parameter value.
/// </summary>
public sealed class CatalogException : Exception
{
    public CatalogException()
        : base("the connection catalog could not be loaded")
    {
    }

    public CatalogException(string message)
        : base(message)
    {
    }

    public CatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
