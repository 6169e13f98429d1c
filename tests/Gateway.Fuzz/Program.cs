using Gateway.Fuzz;
using SharpFuzz;

// Targets: "protocol" (default: the Guacamole parser and handshake) or "vnc-<decoder>" (see VncDecoderFuzzTarget.Names),
// chosen with --target <name> before the other arguments or the GATEWAY_FUZZ_TARGET environment variable.
string target = Environment.GetEnvironmentVariable("GATEWAY_FUZZ_TARGET") is { Length: > 0 } fromEnvironment ? fromEnvironment : "protocol";
if (args.Length >= 2 && args[0] == "--target")
{
    target = args[1];
    args = args[2..];
}

Action<ReadOnlySpan<byte>> run = target switch
{
    "protocol" => data => ProtocolFuzzTarget.Run(data),
    _ when target.StartsWith("vnc-", StringComparison.Ordinal) && VncDecoderFuzzTarget.Names.Contains(target[4..])
        => data => VncDecoderFuzzTarget.Run(target[4..], data),
    _ => throw new ArgumentException($"unknown fuzz target {target}"),
};

// Replay mode for humans: Gateway.Fuzz [--target <name>] --replay <file-or-directory>...
if (args.Length > 0 && args[0] == "--replay")
{
    foreach (var path in args.Skip(1))
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path) : [path];
        foreach (var file in files)
        {
            Console.WriteLine(file);
            run(File.ReadAllBytes(file));
        }
    }

    return;
}

// Under afl-fuzz this is a fork server; run directly it reads one input from stdin.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    run(memory.GetBuffer().AsSpan(0, (int)memory.Length));
});
