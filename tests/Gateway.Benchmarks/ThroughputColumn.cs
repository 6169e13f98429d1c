using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Gateway.Benchmarks;

/// <summary>
/// Megabytes (10^6 bytes) of protocol stream parsed per second: the average bytes per operation of the
/// benchmark's <see cref="PayloadAttribute"/> stream divided by the mean time per operation.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Stream bytes parsed per second, in 10^6 bytes (1 GB/s = 1000)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var payload = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<PayloadAttribute>();
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (payload is null || statistics is null || statistics.Mean <= 0)
        {
            return "-";
        }

        double bytesPerNanosecond = Payloads.Get(payload.Name).BytesPerInstruction / statistics.Mean;
        return (bytesPerNanosecond * 1000).ToString("N0", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
