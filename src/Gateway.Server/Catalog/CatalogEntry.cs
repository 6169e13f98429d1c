using System.Text;

namespace Gateway.Server.Catalog;

/// <summary>
/// One connection from the catalog: its id, display name, protocol and Guacamole parameters.
/// Parameters usually hold credentials, so <see cref="ToString"/> prints only how many there are.
/// </summary>
public sealed record CatalogEntry(
    string Id,
    string Name,
    string Protocol,
    IReadOnlyDictionary<string, string> Parameters)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Name = ").Append(Name)
            .Append(", Protocol = ").Append(Protocol)
            .Append(", Parameters = (").Append(Parameters.Count).Append(" hidden)");
        return true;
    }
}
