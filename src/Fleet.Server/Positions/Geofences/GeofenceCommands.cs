using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;

namespace Fleet.Server.Positions.Geofences;

/// <summary>A supervisor marks a place in the pool whose visits the reconciliation reports: a scenic spot, a venue, a private address.</summary>
public sealed record DrawGeofence(DrawGeofenceForm Form) : Command<GeofenceOutline>;

/// <summary>A supervisor renames, re-kinds or reshapes one of the pool's geofences.</summary>
public sealed record RedrawGeofence(Guid GeofenceId, DrawGeofenceForm Form) : Command<GeofenceOutline>;

/// <summary>A supervisor takes a geofence away: tracks checked from now on do not look at it.</summary>
public sealed record RemoveGeofence(Guid GeofenceId) : Command<GeofenceOutline>;

public static class DrawGeofenceHandler
{
    public static async Task<Outcome<GeofenceOutline>> Handle(DrawGeofence command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var id = Guid.CreateVersion7();
        var decision = GeofenceDrawing.Draw(id, command.Form, command.By.UserId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<GeofenceOutline>.Refused(decision.Problems);

        var drawn = (GeofenceDrawn)decision.Events[0];
        session.Events.StartStream<GeofenceOutline>(id, drawn);
        return GeofenceOutline.From(drawn);
    }
}

public static class RedrawGeofenceHandler
{
    public static Task<Outcome<GeofenceOutline>> Handle(RedrawGeofence command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        GeofenceStream.DecideAsync(session, command.GeofenceId, g => GeofenceDrawing.Redraw(g, command.GeofenceId, command.Form, command.By.UserId, clock.GetCurrentInstant()),
            cancellation);
}

public static class RemoveGeofenceHandler
{
    public static Task<Outcome<GeofenceOutline>> Handle(RemoveGeofence command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        GeofenceStream.DecideAsync(session, command.GeofenceId, g => GeofenceDrawing.Remove(g, command.GeofenceId, command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class GeofenceStream
{
    /// <summary>Loaded for writing: two supervisors changing one geofence at once get a 409 for the second.</summary>
    public static async Task<Outcome<GeofenceOutline>> DecideAsync(IDocumentSession session, Guid id, Func<GeofenceOutline?, Decision> decide,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<GeofenceOutline>(id, cancellation);
        var decision = decide(stream.Aggregate);
        if (!decision.IsAccepted) return Outcome<GeofenceOutline>.Refused(decision.Problems);

        stream.AppendMany(decision.Events);
        // A removal folds to nothing; its answer is the geofence as it was removed.
        return decision.Events.Aggregate(stream.Aggregate!, (g, e) => g.Evolve(e) ?? g);
    }
}

public static class DrawGeofenceEndpoint
{
    [WolverinePost("/api/geofences", OperationId = "DrawGeofence"), Tags("Positions")]
    [EndpointSummary("Draw a geofence in the pool")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Created<GeofenceOutline>, ProblemHttpResult>> Post(DrawGeofenceForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new DrawGeofence(form), http, drawn => $"/api/geofences/{drawn.Id}");
}

public static class RedrawGeofenceEndpoint
{
    [WolverinePost("/api/geofences/{id}", OperationId = "RedrawGeofence"), Tags("Positions")]
    [EndpointSummary("Change a geofence's name, kind or shape")]
    [Authorize(Roles = nameof(Role.Supervisor)), LosesRaces]
    public static Task<Results<Ok<GeofenceOutline>, ProblemHttpResult>> Redraw(Guid id, DrawGeofenceForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RedrawGeofence(id, form), http);
}

public static class RemoveGeofenceEndpoint
{
    [WolverinePost("/api/geofences/{id}/remove", OperationId = "RemoveGeofence"), Tags("Positions")]
    [EndpointSummary("Remove a geofence")]
    [Authorize(Roles = nameof(Role.Supervisor)), LosesRaces]
    public static Task<Results<Ok<GeofenceOutline>, ProblemHttpResult>> Remove(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RemoveGeofence(id), http);
}

/// <summary>The pool's geofences in force, by name: what a supervisor of the pool (or its fleet admin) reads.</summary>
public sealed record ListGeofences : Query<IReadOnlyList<GeofenceOutline>>;

public static class ListGeofencesHandler
{
    public static async Task<Outcome<IReadOnlyList<GeofenceOutline>>> Handle(ListGeofences asked, IQuerySession session, CancellationToken cancellation) =>
        Outcome<IReadOnlyList<GeofenceOutline>>.Of(await InForceAsync(session, cancellation));

    public static async Task<IReadOnlyList<GeofenceOutline>> InForceAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<GeofenceOutline>().ToListAsync(cancellation)).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

    [WolverineGet("/api/geofences", OperationId = "ListGeofences"), Tags("Positions")]
    [Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
    public static Task<Results<Ok<IReadOnlyList<GeofenceOutline>>, ProblemHttpResult>> Get(HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListGeofences(), http);
}
