using Fleet.Domain.Drivers;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Drivers;

/// <summary>What every command on a registered driver shares, whichever part of their service it keeps.</summary>
public static class DriverStream
{
    public static Problem NotFound(Guid id) => Problem.NotFound("driver.not_found", "There is no driver {0}.", id);

    /// <summary>Decides on the driver under optimistic concurrency and appends what was decided.</summary>
    public static Task<Outcome<Driver>> DecideAsync(IDocumentSession session, Guid id, Func<Driver, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync<Driver>(session, id, NotFound(id), decide, cancellation);
}
