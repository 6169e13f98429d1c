namespace Gateway.Bench;

/// <summary>Nearest-rank percentiles of latency samples.</summary>
internal static class Percentile
{
    public static double? Of(List<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
