using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Account;

/// <summary>The account the driver signs in with: what it accepts, starts and finishes is this driver's work.</summary>
public sealed record LinkDriverAccount(Guid DriverId, LinkDriverAccountForm Form) : Command<Driver>;

public static class LinkDriverAccountHandler
{
    public static async Task<Outcome<Driver>> Handle(LinkDriverAccount command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var userId = command.Form.UserId;
        var account = userId is { } id ? await session.LoadAsync<User>(id, cancellation) : null;
        var linkedElsewhere = account is not null
            && await session.Query<Driver>().AnyAsync(d => d.UserId == userId && d.Id != command.DriverId, cancellation);
        return await DriverStream.DecideAsync(session, command.DriverId,
            driver => DriverAccount.Link(command.Form, driver, account, linkedElsewhere, clock.GetCurrentInstant()), cancellation);
    }
}

public static class LinkDriverAccountEndpoint
{
    [WolverinePost("/api/drivers/{id}/account", OperationId = "LinkDriverAccount"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, LinkDriverAccountForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new LinkDriverAccount(id, form), http);
}
