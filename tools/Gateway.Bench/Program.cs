using Gateway.Bench;

// Three entry points in one executable, so each runs as its own process and its CPU is measured apart:
//   (default)  the benchmark driver: desktops, gateway process, clients, report
//   host       a gateway (GatewayHost, as Gateway.Server) with the test-pattern back end registered as well
//   animate    the full-screen X11 animation workload, drawing into an Xvnc display
if (args.Length > 0 && args[0] == "host")
{
    await BenchHost.RunAsync(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "animate")
{
    return await X11Animator.RunAsync(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await BenchRunner.RunAsync(options, cts.Token);
