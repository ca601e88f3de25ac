using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.People;

/// <summary>What every command on an existing account shares, whichever change it makes.</summary>
public static class UserStream
{
    public static Problem NotFound(Guid id) => UserAdministration.NotFound(id);

    /// <summary>Decides on the account of the actor's pool under optimistic concurrency and appends what was decided.</summary>
    public static Task<Outcome<User>> DecideAsync(IDocumentSession session, Guid id, Func<User, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync<User>(session, id, NotFound(id), decide, cancellation);
}
