using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Account;

/// <summary>The account the driver signs in with: what it accepts, starts and finishes is this driver's work.</summary>
public sealed record LinkDriverAccount(Guid DriverId, Guid? UserId) : Command<Driver>;

public sealed record LinkDriverAccountRequest(Guid? UserId);

public static class LinkDriverAccountHandler
{
    public static async Task<Outcome<Driver>> Handle(LinkDriverAccount command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        if (command.UserId is not { } userId) return Outcome<Driver>.Refused(Problem.Required("userId"));
        var account = await session.LoadAsync<User>(userId, cancellation);
        if (account is null) return Outcome<Driver>.Refused(Problem.NotFound("user.not_found", "There is no user {0}.", userId));
        var linkedElsewhere = await session.Query<Driver>().AnyAsync(d => d.UserId == userId && d.Id != command.DriverId, cancellation);
        return await DriverStream.DecideAsync(session, command.DriverId,
            driver => DriverAccount.Link(driver, account, linkedElsewhere, clock.GetCurrentInstant()), cancellation);
    }
}

public static class LinkDriverAccountEndpoint
{
    [WolverinePost("/api/drivers/{id}/account", OperationId = "LinkDriverAccount"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, LinkDriverAccountRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new LinkDriverAccount(id, request.UserId), http);
}
