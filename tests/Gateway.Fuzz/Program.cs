using Gateway.Fuzz;
using SharpFuzz;

// Replay mode for humans: Gateway.Fuzz --replay <file-or-directory>...
if (args.Length > 0 && args[0] == "--replay")
{
    foreach (var path in args.Skip(1))
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path) : [path];
        foreach (var file in files)
        {
            Console.WriteLine(file);
            ProtocolFuzzTarget.Run(File.ReadAllBytes(file));
        }
    }

    return;
}

// Under afl-fuzz this is a fork server; run directly it reads one input from stdin.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    ProtocolFuzzTarget.Run(memory.GetBuffer().AsSpan(0, (int)memory.Length));
});
