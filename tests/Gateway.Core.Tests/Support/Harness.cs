using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.TestBackends;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Support;

/// <summary>Builds session managers on a fake clock, so nothing time-based happens unless a test advances it.</summary>
public static class Harness
{
    /// <summary>The fake clock's start, in Unix milliseconds.</summary>
    public const long Epoch = 1_000_000_000;

    public static FakeTimeProvider NewTime() => new(DateTimeOffset.FromUnixTimeMilliseconds(Epoch));

    /// <summary>A manager with the test-pattern and probe back ends.</summary>
    public static SessionManager Manager(FakeTimeProvider time, SessionOptions? options = null, ProbeBackend? probe = null) =>
        new([new TestPatternBackend(), probe ?? new ProbeBackend()], options, null, time);

    /// <summary>A manager with the given back ends.</summary>
    public static SessionManager Manager(FakeTimeProvider time, SessionOptions? options, params IBackend[] backends) =>
        new(backends, options, null, time);

    /// <summary>Waits for a session to finish (bounded).</summary>
    public static Task EndedAsync(this Session session) => session.Completion.WaitAsync(TestClient.Timeout);

    /// <summary>The fake clock now, in Unix milliseconds.</summary>
    public static long NowMs(this FakeTimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Advances the fake clock one step at a time until <paramref name="done"/> completes. Between steps it
    /// gives the system a moment to react; the outcome never depends on how long that moment is, only how
    /// many steps it takes (bounded by <paramref name="maxSteps"/>).
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Task done, TimeSpan step, int maxSteps = 400)
    {
        for (int i = 0; i < maxSteps && !done.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(done, Task.Delay(10));
        }

        await done.WaitAsync(TestClient.Timeout);
    }
}
