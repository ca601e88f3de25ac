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
}
