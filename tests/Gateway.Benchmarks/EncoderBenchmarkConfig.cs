using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Gateway.Benchmarks;

/// <summary>Adds megapixels per second and output bytes to the summary table.</summary>
internal sealed class EncoderBenchmarkConfig : ManualConfig
{
    public EncoderBenchmarkConfig()
    {
        AddColumn(new EncoderColumn("MP/s", megapixels: true));
        AddColumn(new EncoderColumn("Bytes", megapixels: false));
    }

    private sealed class EncoderColumn(string name, bool megapixels) : IColumn
    {
        public string Id => "Encoder" + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => megapixels ? "megapixels encoded per second (pixels / mean time)" : "encoded size in bytes";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            string image = (string)benchmarkCase.Parameters["Image"];
            if (megapixels)
            {
                double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
                return mean is > 0 ? (EncoderBenchmarks.PixelCount(image) / mean.Value * 1000.0).ToString("F0", CultureInfo.InvariantCulture) : "-";
            }

            var bench = new EncoderBenchmarks { Image = image };
            bench.Setup();
            object? result = benchmarkCase.Descriptor.WorkloadMethod.Invoke(bench, null);
            return result is int bytes ? bytes.ToString("N0", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
