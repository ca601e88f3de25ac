using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// No connection could be made or kept: the connection failed or timed out (Npgsql's own transient failures), the
/// server is shutting down or starting (57P), the connection broke (08) or the server has no connection left (53300).
/// A request meeting it is told to come back (503); a timer or a delivery waits and tries again. A deadlock or
/// serialization failure is transient too, but it is a race between commands: see <see cref="Marten.LostRaces"/>.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: var state })
                return state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal)
                       || state == PostgresErrorCodes.TooManyConnections;
            if (e is NpgsqlException { IsTransient: true }) return true;
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for each of <paramref name="each"/> — a city, a database — in turn: one whose database
    /// does not answer keeps none of the others from theirs (ADR 025). What did not answer is returned for the caller to
    /// raise (<see cref="Raise"/>) after the others are done, or to weigh against what was found.
    /// </summary>
    public static async Task<IReadOnlyList<Exception>> EachAsync<T>(IEnumerable<T> each, Func<T, Task> work, CancellationToken cancellation)
    {
        var failed = new List<Exception>();
        foreach (var one in each)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                await work(one);
            }
            catch (Exception e) when (Is(e))
            {
                failed.Add(e);
            }
        }

        return failed;
    }

    /// <summary>Raises what <see cref="EachAsync{T}"/> collected, for the caller's retry: one failure as it was thrown, several together.</summary>
    public static void Raise(IReadOnlyList<Exception> failed)
    {
        if (failed.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed[0]);
        if (failed.Count > 1) throw new AggregateException(failed);
    }
}
