using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace Gateway.Core.Parameters;

/// <summary>
/// The parameters of one back end, read once from the <see cref="GuacamoleParameterAttribute"/>s on its
/// settings type. Gives the <c>args</c> names in declaration order, binds raw values with bounds
/// checks, and redacts secrets.
/// </summary>
public class ParameterSchema
{
    /// <summary>What a redacted secret is replaced with.</summary>
    public const string Redacted = "********";

    /// <summary>The longest value accepted for any parameter (guacd's argv limit).</summary>
    public const int MaxValueLength = 16384;

    private static readonly ConcurrentDictionary<Type, ParameterSchema> Cache = new();
    private readonly Dictionary<string, ParameterDescriptor> _byName;

    protected ParameterSchema(Type settingsType, IReadOnlyList<ParameterDescriptor> parameters)
    {
        SettingsType = settingsType;
        Parameters = parameters;
        Names = parameters.Select(p => p.Name).ToArray();
        _byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public Type SettingsType { get; }

    /// <summary>Every declared parameter, in declaration order.</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    /// <summary>The names sent in <c>args</c>, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The schema for a settings type (computed once).</summary>
    public static ParameterSchema For(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
        Type settingsType)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        return Cache.GetOrAdd(settingsType, static t => new ParameterSchema(t, Describe(t)));
    }

    public bool TryGet(string name, [NotNullWhen(true)] out ParameterDescriptor? descriptor) =>
        _byName.TryGetValue(name, out descriptor);

    /// <summary>True when <paramref name="name"/> is declared secret. Undeclared names count as secret.</summary>
    public bool IsSecret(string name) => !_byName.TryGetValue(name, out var d) || d.IsSecret;

    /// <summary>A copy of <paramref name="values"/> safe to log: secrets and undeclared names are redacted.</summary>
    public IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            copy[key] = IsSecret(key) && value.Length > 0 ? Redacted : value;
        }

        return copy;
    }

    /// <summary>Binds raw values onto a new settings object; the error names the parameter, never its value.</summary>
    public ParameterBindResult<object> BindObject(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var settings = Activator.CreateInstance(SettingsType)
            ?? throw new InvalidOperationException($"cannot create {SettingsType.Name}");
        foreach (var p in Parameters)
        {
            values.TryGetValue(p.Name, out var raw);
            if (string.IsNullOrEmpty(raw))
            {
                raw = p.Default;
            }

            if (raw is null)
            {
                continue;
            }

            if (raw.Length > MaxValueLength)
            {
                return new(null, $"parameter '{p.Name}' is too long");
            }

            if (!TryConvert(p, raw, out var value, out var error))
            {
                return new(null, error);
            }

            p.Property.SetValue(settings, value);
        }

        return new(settings, null);
    }

    /// <summary>The boolean spellings every parameter accepts: true/false (any case), 1/0.</summary>
    internal static bool TryParseBoolean(string raw, out bool value)
    {
        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "1")
        {
            value = true;
            return true;
        }

        value = false;
        return raw.Equals("false", StringComparison.OrdinalIgnoreCase) || raw == "0";
    }

    private static bool TryConvert(ParameterDescriptor p, string raw, out object? value, out string? error)
    {
        value = null;
        error = null;
        var type = Nullable.GetUnderlyingType(p.ValueType) ?? p.ValueType;
        if (type == typeof(string))
        {
            if (p.Max is double max && raw.Length > max)
            {
                error = $"parameter '{p.Name}' is longer than {max} characters";
                return false;
            }

            value = raw;
            return true;
        }

        if (type == typeof(bool))
        {
            if (TryParseBoolean(raw, out bool flag))
            {
                value = flag;
                return true;
            }

            error = $"parameter '{p.Name}' must be true or false";
            return false;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            // Whole numbers are parsed as integers, never through double: exact beyond 2^53 and no
            // wrap-around past long's range (which would slip under a Min bound).
            if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole))
            {
                bool numeric = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double approx) && double.IsFinite(approx);
                error = !numeric
                    ? $"parameter '{p.Name}' must be a number"
                    : Math.Abs(approx) >= 9.2e18 ? $"parameter '{p.Name}' is out of range" : $"parameter '{p.Name}' must be a whole number";
                return false;
            }

            if (!InBounds(p, whole))
            {
                error = BoundsError(p);
                return false;
            }

            if (type == typeof(int))
            {
                if (whole < int.MinValue || whole > int.MaxValue)
                {
                    error = $"parameter '{p.Name}' is out of range";
                    return false;
                }

                value = (int)whole;
                return true;
            }

            value = whole;
            return true;
        }

        if (type == typeof(double))
        {
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            {
                error = $"parameter '{p.Name}' must be a number";
                return false;
            }

            if (!InBounds(p, number))
            {
                error = BoundsError(p);
                return false;
            }

            value = number;
            return true;
        }

        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var wire = field.GetCustomAttribute<ParameterValueAttribute>()?.Value ?? field.Name;
                if (string.Equals(wire, raw, StringComparison.OrdinalIgnoreCase))
                {
                    value = field.GetValue(null);
                    return true;
                }
            }

            error = $"parameter '{p.Name}' has an unknown value";
            return false;
        }

        throw new NotSupportedException($"parameter type {type.Name} is not supported");
    }

    private static bool InBounds(ParameterDescriptor p, double number) =>
        !(p.Min is double min && number < min) && !(p.Max is double max && number > max);

    private static string BoundsError(ParameterDescriptor p) =>
        $"parameter '{p.Name}' must be between {p.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"} and {p.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}";

    private static bool IsSupported(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type.IsEnum;
    }

    private static ParameterDescriptor[] Describe(Type settingsType)
    {
        var list = new List<ParameterDescriptor>();
        foreach (var property in settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = property.GetCustomAttribute<GuacamoleParameterAttribute>();
            if (attribute is null)
            {
                continue;
            }

            if (!property.CanWrite)
            {
                throw new InvalidOperationException($"{settingsType.Name}.{property.Name} must be settable");
            }

            if (!IsSupported(property.PropertyType))
            {
                // A programmer error: report it when the schema is built, not when a value first arrives.
                throw new InvalidOperationException($"parameter '{attribute.Name}' on {settingsType.Name} has unsupported type {property.PropertyType.Name}");
            }

            list.Add(new ParameterDescriptor(
                attribute.Name,
                attribute.Default,
                attribute.Secret,
                property.PropertyType,
                double.IsNaN(attribute.Min) ? null : attribute.Min,
                double.IsNaN(attribute.Max) ? null : attribute.Max,
                attribute.Description,
                property));
        }

        // Declaration order: GetProperties follows metadata order in practice; sort by token to be sure.
        list.Sort((a, b) => a.Property.MetadataToken.CompareTo(b.Property.MetadataToken));
        var duplicate = list.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"parameter '{duplicate.Key}' is declared twice on {settingsType.Name}");
        }

        return list.ToArray();
    }
}
