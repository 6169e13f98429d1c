using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd;

/// <summary>
/// Keeps the gateway's most recent log lines in memory so a failing test can print what the server did
/// while it ran. Lines are numbered so a test can ask for the ones written since it started.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private const int MaxLines = 2000;
    private readonly ConcurrentQueue<(long Number, string Text)> _lines = new();
    private long _next;

    /// <summary>The number the next line will get.</summary>
    public long NextLineNumber => Interlocked.Read(ref _next);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The kept lines numbered <paramref name="from"/> or later.</summary>
    public IReadOnlyList<string> LinesSince(long from) =>
        _lines.Where(l => l.Number >= from).Select(l => l.Text).ToList();

    public void Dispose()
    {
    }

    private void Add(string text)
    {
        long number = Interlocked.Increment(ref _next) - 1;
        _lines.Enqueue((number, text));
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string text = string.Create(
                CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}");
            if (exception is not null)
            {
                text += $" [{exception.GetType().Name}: {exception.Message}]";
            }

            owner.Add(text);
        }
    }
}
