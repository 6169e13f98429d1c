namespace Gateway.Core.Parameters;

/// <summary>
/// Declares one connection parameter on a back end's settings record: its Guacamole name, default,
/// bounds and whether it is secret. The <c>args</c> list, validation, redacted logging and the
/// documentation are all derived from these declarations.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class GuacamoleParameterAttribute : Attribute
{
    public GuacamoleParameterAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The Guacamole parameter name, e.g. <c>hostname</c>.</summary>
    public string Name { get; }

    /// <summary>The value used when the parameter is absent or empty (as guacd treats empty).</summary>
    public string? Default { get; set; }

    /// <summary>Passwords, keys and the like: never logged, never sent to a browser.</summary>
    public bool Secret { get; set; }

    /// <summary>Smallest allowed value for numbers; NaN for none.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Largest allowed value for numbers (or longest string); NaN for none.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>A short description for generated documentation.</summary>
    public string? Description { get; set; }
}
