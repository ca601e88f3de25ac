using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Licence;

/// <summary>The driver brings a renewed licence: the classes it now covers and until when.</summary>
public sealed record RenewDriverLicence(Guid DriverId, RenewDriverLicenceForm Form) : Command<Driver>;

public static class RenewDriverLicenceHandler
{
    public static Task<Outcome<Driver>> Handle(RenewDriverLicence command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverLicence.Renew(
            command.Form, d, zone, clock.GetCurrentInstant()),
            cancellation);
}

public static class RenewDriverLicenceEndpoint
{
    [WolverinePost("/api/drivers/{id}/licence", OperationId = "RenewDriverLicence"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, RenewDriverLicenceForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new RenewDriverLicence(id, form), http);
}
