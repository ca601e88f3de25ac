using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fleet.Testing;

/// <summary>
/// The errors a test server logged, kept so a failed scenario can say why the server answered 500: the console
/// output of an in-process host is not shown when a test fails.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private const int Kept = 20;
    private readonly ConcurrentQueue<string> _entries = new();
    private int _generation;

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, Volatile.Read(ref _generation));

    /// <summary>
    /// Forgets what was logged so far, e.g. by a host that was stopped before the one a test is about, and what the
    /// loggers made until now log from here on: a stopped host's background work may still log as it winds down.
    /// </summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public void Dispose()
    {
    }

    private void Add(string entry, int generation)
    {
        if (generation != Volatile.Read(ref _generation)) return;
        _entries.Enqueue(entry);
        while (_entries.Count > Kept) _entries.TryDequeue(out _);
    }

    private sealed class Logger(ServerErrorLog log, string category, int generation) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is LogLevel.Error or LogLevel.Critical;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Add($"{logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}", generation);
        }
    }
}
