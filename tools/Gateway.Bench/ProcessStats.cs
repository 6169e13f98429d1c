using System.Globalization;

namespace Gateway.Bench;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux only).</summary>
internal static class ProcessStats
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ; 100 on every Linux we run on).</summary>
    public const double TicksPerSecond = 100.0;

    /// <summary>utime + stime of the process in seconds, or 0 when it has gone.</summary>
    public static double CpuSeconds(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        int close = text.LastIndexOf(')');
        string[] fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>CPU seconds of a process and every live descendant (e.g. xterm and the script it runs).</summary>
    public static double TreeCpuSeconds(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int child))
            {
                continue;
            }

            try
            {
                string text = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        double total = 0;
        foreach (int candidate in parents.Keys)
        {
            for (int p = candidate, hops = 0; p > 1 && hops < 64; hops++)
            {
                if (p == pid)
                {
                    total += CpuSeconds(candidate);
                    break;
                }

                if (!parents.TryGetValue(p, out p))
                {
                    break;
                }
            }
        }

        return total;
    }

    /// <summary>Resident set size in bytes (VmRSS), or 0 when the process has gone.</summary>
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    string kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage()
    {
        string text = File.ReadAllText("/proc/loadavg");
        return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
