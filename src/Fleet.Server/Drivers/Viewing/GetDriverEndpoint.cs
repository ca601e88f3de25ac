using System.Security.Claims;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Viewing;

public static class GetDriverEndpoint
{
    [WolverineGet("/api/drivers/{id}", OperationId = "GetDriver"), Tags("Drivers")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<Driver>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        // City supervisors audit every district; everybody else sees their own pool, the session's tenant.
        var driver = Actor.Of(user).SeesWholeCity
            ? await session.Query<Driver>().FirstOrDefaultAsync(d => d.InCity() && d.Id == id, cancellation)
            : await session.LoadAsync<Driver>(id, cancellation);
        return driver is null ? FleetProblems.From([DriverStream.NotFound(id)], text) : TypedResults.Ok(driver);
    }
}
