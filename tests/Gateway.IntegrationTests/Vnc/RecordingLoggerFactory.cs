using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Vnc;

/// <summary>A logger factory that keeps every formatted message (all levels), so a test can see what a back end did.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly List<string> _messages = [];

    /// <summary>A snapshot of the messages so far.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }

    private sealed class Recorder(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(formatter(state, exception));
    }
}
