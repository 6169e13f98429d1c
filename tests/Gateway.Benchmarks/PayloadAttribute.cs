namespace Gateway.Benchmarks;

/// <summary>Names the <see cref="Payloads"/> stream one operation of a benchmark reads, for the MB/s column.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PayloadAttribute : Attribute
{
    public PayloadAttribute(string name) => Name = name;

    public string Name { get; }
}
