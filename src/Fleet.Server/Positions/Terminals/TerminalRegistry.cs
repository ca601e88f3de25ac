using Fleet.Server.Infrastructure.Database;
using Fleet.Domain.Positions;
using Fleet.Projections.Terminals;
using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>Which car, in which pool, a terminal reports for: read from the inline registry, so a binding counts at once.</summary>
public static class TerminalRegistry
{
    /// <summary>
    /// What binding and replacing share: the terminal the form names is read, the car holding it now looked up, and the
    /// decision taken on the vehicle's stream with both.
    /// </summary>
    public static async Task<Outcome<Vehicle>> DecideAsync(IDocumentSession session, CityMap cities, Guid vehicleId, string? terminal, string? imei,
        string? model, Func<TerminalParticulars, TerminalHolder?, Vehicle, Decision> decide, CancellationToken cancellation)
    {
        var (particulars, problems) = TerminalBinding.Validate(terminal, imei, model);
        if (particulars is null) return Outcome<Vehicle>.Refused(problems);

        var holder = await HolderAsync(session, cities, particulars.Number, cancellation);
        return await VehicleStream.DecideAsync(session, vehicleId, v => decide(particulars, holder, v), cancellation);
    }

    /// <summary>
    /// The car that carries the terminal now, in whichever pool — in a province, in whichever city — for a decision that must
    /// refuse to bind it twice. A car of another city is named by its city only. A city whose database does not answer is
    /// not waited for: binding in the others goes on, and should the same terminal be bound there too, the gateway refuses the
    /// terminal's reports until one of the two unbinds it (<see cref="FindEverywhereAsync"/>).
    /// </summary>
    public static async Task<TerminalHolder?> HolderAsync(IQuerySession session, CityMap cities, string terminal, CancellationToken cancellation)
    {
        var registration = cities.IsProvince
            ? (await SearchEverywhereAsync(session.DocumentStore, [terminal], cancellation)).Found.FirstOrDefault()
            : await session.Query<TerminalRegistration>().FirstOrDefaultAsync(r => r.AnyTenant() && r.Terminal == terminal, cancellation);
        if (registration is null) return null;
        if (cities.CityOf(registration.Pool) is { } city && city != cities.CityOf(session.TenantId))
            return new TerminalHolder(registration.Id, "", city.Name);

        var vehicle = await session.Query<VehicleSummary>()
            .FirstOrDefaultAsync(v => v.AnyTenant() && v.Id == registration.Id, cancellation);
        return new TerminalHolder(registration.Id, vehicle?.Plate ?? registration.Id.ToString());
    }

    /// <summary>The registrations of the terminals named, by number; a number no car carries is missing from the answer.</summary>
    public static async Task<IReadOnlyDictionary<string, TerminalRegistration>> FindAsync(IQuerySession session, IReadOnlyCollection<string> terminals,
        CancellationToken cancellation)
    {
        if (terminals.Count == 0) return new Dictionary<string, TerminalRegistration>();
        var numbers = terminals.ToArray();
        var found = await session.Query<TerminalRegistration>()
            .Where(r => r.AnyTenant() && r.Terminal.IsOneOf(numbers))
            .ToListAsync(cancellation);
        return found.ToDictionary(r => r.Terminal);
    }

    /// <summary>
    /// <see cref="FindAsync(IQuerySession, IReadOnlyCollection{string}, CancellationToken)"/> in every city's database (ADR
    /// 025): the gateway serves the whole province and learns a terminal's city from its binding. A city whose database does
    /// not answer does not stop the others' terminals; one of its own, not found anywhere else, is not refused as unknown
    /// but answered with the failure, so that the terminal sends its report again. A terminal bound in two databases (one of
    /// them was down when the other bound it) reports for neither car until one unbinds it: its positions would otherwise
    /// be stored against whichever car was found first.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, TerminalRegistration>> FindEverywhereAsync(IDocumentStore store,
        IReadOnlyCollection<string> terminals, ILogger log, CancellationToken cancellation)
    {
        var (registrations, failed) = await SearchEverywhereAsync(store, terminals, cancellation);
        var found = new Dictionary<string, TerminalRegistration>();
        foreach (var bound in registrations.GroupBy(r => r.Terminal))
        {
            if (bound.Count() == 1) found[bound.Key] = bound.Single();
            else
                log.LogWarning("Terminal {Terminal} is bound to cars of pools {Pools}, in different databases; its reports are refused until all but one unbind it",
                    bound.Key, string.Join(", ", bound.Select(r => r.Pool)));
        }

        if (failed is not null && terminals.Any(t => registrations.All(r => r.Terminal != t))) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        return found;
    }

    /// <summary>Every database's registrations of the terminals named, and the failure of a database that did not answer, if one did not.</summary>
    private static async Task<(IReadOnlyList<TerminalRegistration> Found, Exception? Failed)> SearchEverywhereAsync(IDocumentStore store,
        IReadOnlyCollection<string> terminals, CancellationToken cancellation)
    {
        var databases = await store.Storage.AllDatabases();
        if (databases.Count == 1)
        {
            await using var only = store.QuerySession();
            return ((await FindAsync(only, terminals, cancellation)).Values.ToList(), null);
        }

        var found = new List<TerminalRegistration>();
        var failed = await DatabaseUnavailable.EachAsync(databases, async database =>
        {
            await using var session = store.QuerySession(global::Marten.Services.SessionOptions.ForDatabase(database));
            found.AddRange((await FindAsync(session, terminals, cancellation)).Values);
        }, cancellation);
        return (found, failed.FirstOrDefault());
    }
}
