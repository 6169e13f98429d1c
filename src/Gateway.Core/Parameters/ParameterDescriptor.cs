using System.Reflection;

namespace Gateway.Core.Parameters;

/// <summary>One declared parameter, as read from a settings type.</summary>
public sealed record ParameterDescriptor(
    string Name,
    string? Default,
    bool IsSecret,
    Type ValueType,
    double? Min,
    double? Max,
    string? Description,
    PropertyInfo Property)
{
    public override string ToString() => Name;
}
