using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// A request whose every field has been checked: what the trip is for, who goes where and when, and what kind
/// of vehicle it needs. Requests and amendments carry it whole, so that the state after an amendment never
/// depends on merging partial changes. Two details are equal when every field, list items included, is equal.
/// </summary>
public sealed record TripDetails(
    TripPurpose Purpose,
    string PurposeText,
    int Passengers,
    IReadOnlyList<string> PassengerNames,
    string PickUp,
    IReadOnlyList<string> Destinations,
    Instant Start,
    Instant End,
    VehicleClass? WantedClass,
    bool WithDriver,
    TripUrgency Urgency,
    bool OutOfRegion)
{
    public Duration Length() => End - Start;

    public bool Equals(TripDetails? other) =>
        other is not null &&
        Purpose == other.Purpose &&
        PurposeText == other.PurposeText &&
        Passengers == other.Passengers &&
        PassengerNames.SequenceEqual(other.PassengerNames) &&
        PickUp == other.PickUp &&
        Destinations.SequenceEqual(other.Destinations) &&
        Start == other.Start &&
        End == other.End &&
        WantedClass == other.WantedClass &&
        WithDriver == other.WithDriver &&
        Urgency == other.Urgency &&
        OutOfRegion == other.OutOfRegion;

    public override int GetHashCode() => HashCode.Combine(Purpose, PurposeText, Passengers, PickUp, Start, End, WantedClass, Urgency);
}
