namespace Gateway.Core.Parameters;

/// <summary>Settings bound from raw parameter values, or the first reason they could not be.</summary>
public sealed record ParameterBindResult<TSettings>(TSettings? Settings, string? Error)
    where TSettings : class
{
    public bool Succeeded => Settings is not null;
}
