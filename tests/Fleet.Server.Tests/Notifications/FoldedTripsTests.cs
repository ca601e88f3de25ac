using Fleet.Domain.Common;
using Fleet.Domain.Notifications;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Notifications;
using FluentAssertions;
using JasperFx.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>
/// The feed folds a trip on from where its last page left it, and from the trip's history whenever it cannot be sure
/// where that was: either way a page gives the same notices.
/// </summary>
public class FoldedTripsTests
{
    private const string Pool = "420102";
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);
    private static readonly Instant Since = Now - Duration.FromHours(1);
    private static readonly Guid Clerk = Guid.NewGuid();
    private static readonly Guid Driver = Guid.NewGuid();

    [Fact]
    public void A_trip_is_taken_up_where_the_last_page_left_it_without_its_history()
    {
        var trip = Guid.NewGuid();
        var events = Life(trip);
        var folded = new FoldedTrips();

        Told(Moments([events[..2]], NoHistory, folded)).Should().Equal(Told(Reference(events)).Where(m => m.Version <= 2));
        folded.TryResume(events[2..], out var before).Should().BeTrue("the page holds the version after the one remembered");
        before!.Status.Should().Be(TripStatus.Approved);

        var onward = Moments([events[2..]], NoHistory, folded);
        Told(onward).Should().Equal(Told(Reference(events)).Where(m => m.Version > 2),
            "the dispatch tells what it would have told after the whole history was read");
        Told(onward).Should().ContainSingle().Which.Status.Should().Be(TripStatus.Dispatched);
    }

    [Fact]
    public void A_page_given_again_after_a_fault_is_folded_from_the_history()
    {
        var trip = Guid.NewGuid();
        var events = Life(trip);
        var folded = new FoldedTrips();
        Moments([events], History(events), folded);

        folded.TryResume(events[2..], out _).Should().BeFalse("what is remembered is already past the page");
        Told(Moments([events[2..]], History(events), folded)).Should().Equal(Told(Reference(events)).Where(m => m.Version > 2));
    }

    [Fact]
    public void A_missing_version_sends_the_trip_to_its_history()
    {
        var trip = Guid.NewGuid();
        var events = Life(trip);
        var folded = new FoldedTrips();
        Moments([events[..1]], NoHistory, folded);

        folded.TryResume([events[1], events[3]], out _).Should().BeFalse("version 3 is not in the page: an event the feed does not follow");
        folded.TryResume(events[2..], out _).Should().BeFalse("the page does not follow on from version 1");
        folded.TryResume(events[1..], out _).Should().BeTrue();
        Told(Moments([events[2..]], History(events), folded)).Should().Equal(Told(Reference(events)).Where(m => m.Version > 2));
    }

    [Fact]
    public void Trips_of_other_pools_and_trips_long_unseen_are_not_taken_for_each_other()
    {
        var trip = Guid.NewGuid();
        var events = Life(trip);
        var folded = new FoldedTrips(capacity: 2);
        Moments([events[..2]], NoHistory, folded);

        folded.TryResume(events[2..].Select(e => Event(e, "420103")).ToList(), out _).Should().BeFalse("the same id in another pool is another trip");

        foreach (var other in Enumerable.Range(0, 2).Select(_ => Guid.NewGuid())) Moments([Life(other)[..1]], NoHistory, folded);
        folded.TryResume(events[2..], out _).Should().BeTrue("one generation later the trip is still there");
        foreach (var other in Enumerable.Range(0, 4).Select(_ => Guid.NewGuid())) Moments([Life(other)[..1]], NoHistory, folded);
        folded.TryResume(events[2..], out _).Should().BeFalse("two generations later it is forgotten");
        folded.Count.Should().BeLessThanOrEqualTo(4);
    }

    [Fact]
    public void A_trip_pushed_out_of_memory_while_its_page_is_folded_still_tells_everything()
    {
        var (first, second, third) = (Life(Guid.NewGuid()), Life(Guid.NewGuid()), Life(Guid.NewGuid()));
        var folded = new FoldedTrips(capacity: 1);
        Moments([first[..2]], NoHistory, folded);
        Moments([second[..1]], NoHistory, folded);

        // The third trip's beginning comes first in the page and fills the memory, which drops the first trip's state
        // after the page was planned from it: the first trip is folded from what was planned, with no history read.
        var page = Moments([third[..1], first[2..]], NoHistory, folded);
        Told(page.Where(m => m.Trip.Id == first[0].StreamId)).Should().Equal(Told(Reference(first)).Where(m => m.Version > 2));
    }

    [Fact]
    public void A_trip_with_nothing_recent_to_tell_is_never_read_and_forgotten_when_it_cannot_be_followed_on()
    {
        var old = Life(Guid.NewGuid(), Now - Duration.FromDays(3));
        var folded = new FoldedTrips();
        Moments([old[..2]], NoHistory, folded).Should().BeEmpty("events older than the feed's horizon tell nobody");
        folded.Count.Should().Be(1, "a stream's beginning costs nothing to follow");

        Moments([old[3..]], NoHistory, folded).Should().BeEmpty();
        folded.Count.Should().Be(0, "version 3 was not seen, and nothing recent is worth reading the history for");
    }

    private static readonly ILookup<Guid, IEvent> NoHistory = Array.Empty<IEvent>().ToLookup(e => e.StreamId);

    private static ILookup<Guid, IEvent> History(IEnumerable<IEvent> events) => events.ToLookup(e => e.StreamId);

    private static List<(Trip Trip, IEvent Event, IReadOnlyList<Notice> Notices)> Moments(List<IEvent>[] page, ILookup<Guid, IEvent> histories,
        FoldedTrips folded) => NotificationFeed.Moments(folded.StartsOf(page), Since, histories, folded);

    /// <summary>The page read as if nothing were remembered: the whole history folded.</summary>
    private static List<(Trip Trip, IEvent Event, IReadOnlyList<Notice> Notices)> Reference(List<IEvent> events) =>
        Moments([events], History(events), new FoldedTrips());

    private static List<(long Version, TripStatus Status, Guid? Driver, string Notices)> Told(
        IEnumerable<(Trip Trip, IEvent Event, IReadOnlyList<Notice> Notices)> moments) =>
        moments.Select(m => (m.Event.Version, m.Trip.Status, m.Trip.Assignment?.DriverId, string.Join("; ", m.Notices))).ToList();

    /// <summary>Requested, approved at once, dispatched, accepted, started.</summary>
    private static List<IEvent> Life(Guid trip, Instant? at = null)
    {
        var when = at ?? Now;
        var details = new TripDetails(TripPurpose.Meeting, "参加全区安全生产工作会议", 2, ["张三"], "区政府东门", ["市民之家"],
            when + Duration.FromDays(1), when + Duration.FromDays(1) + Duration.FromHours(2), VehicleClass.Sedan, WithDriver: true, TripUrgency.Normal,
            OutOfRegion: false);
        var assignment = new Assignment(Guid.NewGuid(), "鄂A·C1234", VehicleClass.Sedan, 5, Driver, "王建国", details.Start, details.End);
        object[] data =
        [
            new TripRequested(trip, details, "420102001", Pool, Clerk, when),
            new TripAutoApproved(trip, 1, ["WithinAutoLimits"], when),
            new TripDispatched(trip, new DispatchOrderNumber(Pool, 2026, 1), assignment, null, Guid.NewGuid(), when),
            new TripAccepted(trip, Driver, when),
            new TripStarted(trip, assignment.VehicleId, Driver, Distance.FromKilometres(12_345.6m), when),
        ];
        return data.Select((e, i) => Event(trip, e, i + 1)).ToList();
    }

    private static IEvent Event(Guid trip, object data, long version)
    {
        var e = EventFor(data);
        e.StreamId = trip;
        e.Version = version;
        e.TenantId = Pool;
        e.Id = Guid.NewGuid();
        return e;
    }

    private static IEvent Event(IEvent e, string pool)
    {
        var copy = EventFor(e.Data);
        (copy.StreamId, copy.Version, copy.TenantId, copy.Id) = (e.StreamId, e.Version, pool, e.Id);
        return copy;
    }

    private static IEvent EventFor(object data) => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
}
