namespace Gateway.Core.Parameters;

/// <summary>The wire spelling of an enum value used as a parameter value, e.g. <c>display-update</c>.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false)]
public sealed class ParameterValueAttribute : Attribute
{
    public ParameterValueAttribute(string value)
    {
        Value = value;
    }

    public string Value { get; }
}
