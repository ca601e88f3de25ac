using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Drivers.Registering;

public sealed record DriverRegisteredResponse(Guid DriverId, string Name);

public sealed record LinkDriverAccountRequest(Guid? UserId);

public sealed record LeaveScheduledResponse(Guid LeaveId, Driver Driver);

/// <summary>A pool's drivers: who may drive what, until when, and when they are away. Kept by the pool's fleet admins.</summary>
public static class DriverEndpoints
{
    private static readonly string[] SortKeys = ["name", "licenceExpiresOn"];

    [WolverinePost("/api/drivers", OperationId = "RegisterDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<DriverRegisteredResponse>, ProblemHttpResult>> Register(DriverRegistrationForm form,
        ClaimsPrincipal user, IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text)
    {
        var actor = Actor.Of(user);
        if (actor.RefusesPool(form.Pool) is { } outOfScope) return FleetProblems.From([outOfScope], text);

        var (command, problems) = DriverRegistration.Validate(form with { Pool = actor.Pool });
        if (command is null) return FleetProblems.From(problems, text);

        var driverId = Guid.CreateVersion7();
        var decision = DriverRegistration.Decide(command, driverId, zone, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        session.Events.StartStream<Driver>(driverId, decision.Events);
        return TypedResults.Created($"/api/drivers/{driverId}", new DriverRegisteredResponse(driverId, command.Name));
    }

    [WolverineGet("/api/drivers/{id}", OperationId = "GetDriver"), Tags("Drivers")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<Driver>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        // City supervisors audit every district; everybody else sees their own pool, the session's tenant.
        var driver = Actor.Of(user).SeesWholeCity
            ? await session.Query<Driver>().FirstOrDefaultAsync(d => d.AnyTenant() && d.Id == id, cancellation)
            : await session.LoadAsync<Driver>(id, cancellation);
        return driver is null ? FleetProblems.From([NotFound(id)], text) : TypedResults.Ok(driver);
    }

    [WolverineGet("/api/drivers", OperationId = "ListDrivers"), Tags("Drivers")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<Page<Driver>>, ProblemHttpResult>> List(string? status, string? q, int? page, int? pageSize, string? sort,
        ClaimsPrincipal user, IQuerySession session, ProblemText text, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "name");
        var problems = pagingProblems.ToList();
        var wanted = QueryFilter.Parse<DriverStatus>(status, "status", problems);
        if (paging is null || problems.Count > 0) return FleetProblems.From(problems, text);

        var query = Actor.Of(user).SeesWholeCity ? session.Query<Driver>().Where(d => d.AnyTenant()) : session.Query<Driver>();
        if (wanted is { } w) query = query.Where(d => d.Status == w);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(d => d.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || d.LicenceNumber.Contains(term));
        }

        query = (paging.Sort, paging.Descending) switch
        {
            ("licenceExpiresOn", false) => query.OrderBy(d => d.LicenceExpiresOn).ThenBy(d => d.Name),
            ("licenceExpiresOn", true) => query.OrderByDescending(d => d.LicenceExpiresOn).ThenBy(d => d.Name),
            (_, true) => query.OrderByDescending(d => d.Name),
            _ => query.OrderBy(d => d.Name),
        };
        return TypedResults.Ok(await paging.ToPageAsync(query, cancellation));
    }

    [WolverinePost("/api/drivers/{id}/licence", OperationId = "RenewDriverLicence"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> RenewLicence(Guid id, RenewDriverLicence command, IDocumentSession session,
        IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, d => DriverLicence.Renew(command, d, zone, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/drivers/{id}/leave", OperationId = "ScheduleDriverLeave"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<LeaveScheduledResponse>, ProblemHttpResult>> ScheduleLeave(Guid id, ScheduleDriverLeave command,
        IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var leaveId = Guid.CreateVersion7();
        var result = await Decide(id, session, text, d => DriverLeave.Schedule(command, d, leaveId, zone, clock.GetCurrentInstant()), cancellation);
        return result.Result switch
        {
            Ok<Driver> ok => TypedResults.Created($"/api/drivers/{id}", new LeaveScheduledResponse(leaveId, ok.Value!)),
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }

    [WolverinePost("/api/drivers/{id}/leave/{leaveId}/cancel", OperationId = "CancelDriverLeave"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> CancelLeave(Guid id, Guid leaveId, ReasonBody body, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, d => DriverLeave.Cancel(new CancelDriverLeave(leaveId, body.Reason), d, clock.GetCurrentInstant()), cancellation);

    /// <summary>The driver's stream here ends with the transfer; the same driver starts a stream in the receiving pool.</summary>
    [WolverinePost("/api/drivers/{id}/transfer", OperationId = "TransferDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Transfer(Guid id, TransferDriver command, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        StreamDecisions.MoveToPoolAsync(session, id, command.ToPool, NotFound(id),
            driver => DriverTransfer.Transfer(command, driver, clock.GetCurrentInstant()),
            (driver, e) => Received(DriverTransfer.Receive(driver, (DriverTransferred)e)),
            received => Driver.Create((DriverReceived)received), text, cancellation);

    [WolverinePost("/api/drivers/{id}/suspend", OperationId = "SuspendDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Suspend(Guid id, SuspendDriver command, IDocumentSession session, IClock clock,
        ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, d => DriverSuspension.Suspend(command, d, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/drivers/{id}/reinstate", OperationId = "ReinstateDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Reinstate(Guid id, ReinstateDriver command, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, d => DriverSuspension.Reinstate(command, d, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/drivers/{id}/leave-service", OperationId = "RecordDriverDeparture"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> LeaveService(Guid id, RecordDriverDeparture command, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, d => DriverDeparture.Leave(command, d, clock.GetCurrentInstant()), cancellation);

    /// <summary>The account the driver signs in with: what it accepts, starts and finishes is this driver's work.</summary>
    [WolverinePost("/api/drivers/{id}/account", OperationId = "LinkDriverAccount"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Ok<Driver>, ProblemHttpResult>> LinkAccount(Guid id, LinkDriverAccountRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (request.UserId is not { } userId) return FleetProblems.From([Problem.Required("userId")], text);
        var account = await session.LoadAsync<User>(userId, cancellation);
        if (account is null) return FleetProblems.From([Problem.NotFound("user.not_found", "There is no user {0}.", userId)], text);
        var linkedElsewhere = await session.Query<Driver>().AnyAsync(d => d.UserId == userId && d.Id != id, cancellation);
        return await Decide(id, session, text, driver => DriverAccount.Link(driver, account, linkedElsewhere, clock.GetCurrentInstant()), cancellation);
    }

    private static Task<Results<Ok<Driver>, ProblemHttpResult>> Decide(Guid id, IDocumentSession session, ProblemText text,
        Func<Driver, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, NotFound(id), decide, (driver, e) => driver.Evolve(e), text, cancellation);

    private static (string Pool, object Received) Received(DriverReceived received) => (received.Pool, received);

    private static Problem NotFound(Guid id) => Problem.NotFound("driver.not_found", "There is no driver {0}.", id);
}

public sealed record ReasonBody(string? Reason);
