using Fleet.Domain.Records;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Records.Cards;

/// <summary>What the card commands share: the card's stream, decided on under its version, and the car it goes to.</summary>
public static class CardStream
{
    public static Problem NotFound(Guid id) => Problem.NotFound("card.not_found", "There is no card {0}.", id);

    public static Task<Outcome<Card>> DecideAsync(IDocumentSession session, Guid id, Func<Card, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, NotFound(id), decide, cancellation);

    /// <summary>A car of the pool (the session reads the actor's pool): another pool's car is not found, as the API's 404s say.</summary>
    public static async Task<(Vehicle? Vehicle, Problem? Problem)> VehicleAsync(IQuerySession session, Guid? id, CancellationToken cancellation)
    {
        if (id is not { } vehicleId || vehicleId == Guid.Empty) return (null, Problem.Required("vehicleId"));
        return await session.LoadAsync<Vehicle>(vehicleId, cancellation) is { } vehicle ? (vehicle, null) : (null, VehicleStream.NotFound(vehicleId));
    }

    /// <summary>
    /// Starts the streams of the cards a decision binds (a new card, or the one that replaces another): a card bound at
    /// the same moment by another admin makes the store refuse the second stream, a lost race answered 409.
    /// </summary>
    public static void StartBound(IDocumentSession session, Decision decision)
    {
        foreach (var bound in decision.Events.OfType<CardBound>()) session.Events.StartStream<Card>(bound.CardId, bound);
    }
}
