using Fleet.Domain.Common;
using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Records;

public class RecordRechecksTests
{
    private static readonly RecordRules Rules = RecordRules.Default;

    /// <summary>Left on 20 October at 09:00 at 12,000 km, planned back at 17:00.</summary>
    private static readonly Trip UnderWay = Trips.TestTrip.Given() with
    {
        StartedAt = At(2026, 10, 20, 9), OdometerOut = Distance.FromKilometres(12000m), Details = Trips.TestTrip.Details with { End = At(2026, 10, 20, 17) },
    };

    /// <summary>Back at 12:00 at 12,100 km with 10 yuan of tolls declared, no fuel and no parking.</summary>
    private static readonly TripFinished Finish = new(UnderWay.Id, VehicleId, Guid.NewGuid(), Distance.FromKilometres(12100m), null, null, 0m, 10m, 0m, 0m,
        At(2026, 10, 20, 12), At(2026, 10, 20, 12, 5));

    /// <summary>A toll of 35 yuan at 10:00 during the trip, on the plate of the car.</summary>
    private static readonly RecordFacts Toll = new(Guid.Parse("01900000-0000-7000-8000-0000000000f1"), RecordKind.Toll, VehicleId, "鄂A·C1234",
        At(2026, 10, 20, 10), "武汉东", null, 35m);

    private static readonly RecordFacts Parking = Toll with { Id = Guid.Parse("01900000-0000-7000-8000-0000000000f2"), Kind = RecordKind.Parking, Amount = 5m };

    private static OutsideRecord Stored(RecordFacts facts, OutsideRecordChecked check) =>
        new OutsideRecord(facts.Id, facts.Kind, "hubei-etc", null, facts.VehicleId, facts.Plate, facts.At, facts.Place, facts.Litres, facts.Amount,
            new ImportProvenance("hash", "etc.csv", 2, Guid.Empty)).When(check);

    private static RecordCheck Check(TripFacts trip, params RecordFacts[] records) =>
        RecordChecks.Check(records, [trip], records, new Dictionary<Guid, FuelFigures>(), Rules, Shanghai, Now);

    [Fact]
    public void A_finished_trip_is_read_from_its_stream_with_what_was_declared_and_its_records_are_looked_for_within_the_margin()
    {
        var facts = RecordRechecks.Finished(UnderWay, Finish);
        facts.Should().Be(new TripFacts(UnderWay.Id, VehicleId, At(2026, 10, 20, 9), At(2026, 10, 20, 12), 100m, true, null, 10m, 0m));
        RecordRechecks.Around(facts!, Rules).Should().Be(new Interval(At(2026, 10, 20, 8, 30), At(2026, 10, 20, 12, 30)),
            "from the departure to the return, not to the planned end");
        RecordRechecks.Finished(Trips.TestTrip.Given(), Finish).Should().BeNull("a trip that never left has nothing to hold records against");
    }

    [Fact]
    public void Only_what_differs_from_the_latest_checks_is_new_and_the_same_check_again_is_nothing()
    {
        // At import the trip was under way: the toll was in it, nothing declared to hold it against.
        var underWay = new TripFacts(UnderWay.Id, VehicleId, At(2026, 10, 20, 9), At(2026, 10, 20, 17), null, false, null, 0m, 0m);
        var atImport = Check(underWay, Toll);
        atImport.Trips.Should().ContainSingle().Which.Findings.Should().BeEmpty();
        var records = new Dictionary<Guid, OutsideRecord> { [Toll.Id] = Stored(Toll, atImport.Records[0]) };
        var trips = new Dictionary<Guid, TripRecordsChecked> { [UnderWay.Id] = atImport.Trips[0] };

        var finished = Check(RecordRechecks.Finished(UnderWay, Finish)!, Toll);
        var news = RecordRechecks.News(finished, records, trips);
        news.Records.Should().BeEmpty("the toll is in the same trip, with nothing wrong with it on its own");
        news.Trips.Should().ContainSingle().Which.Findings.Should().ContainSingle()
            .Which.Should().Be(new RecordFinding(RecordFindingKind.DeclaredTollsDiffer, Toll.At, "武汉东", 35m, 10m, null, 1));

        trips[UnderWay.Id] = news.Trips[0];
        var again = RecordRechecks.News(Check(RecordRechecks.Finished(UnderWay, Finish)!, Toll), records, trips);
        again.Records.Should().BeEmpty();
        again.Trips.Should().BeEmpty("a message delivered again finds what it wrote the first time");
    }

    [Fact]
    public void A_trips_records_are_the_same_in_any_order_and_a_record_never_checked_or_moved_to_no_trip_is_new()
    {
        var facts = RecordRechecks.Finished(UnderWay, Finish)!;
        var check = Check(facts, Toll, Parking);
        var latest = check.Trips[0] with { Records = [.. check.Trips[0].Records.Reverse()] };
        var records = check.Records.ToDictionary(c => c.RecordId, c => Stored(c.RecordId == Toll.Id ? Toll : Parking, c));
        RecordRechecks.News(check, records, new Dictionary<Guid, TripRecordsChecked> { [UnderWay.Id] = latest }).Trips.Should().BeEmpty();

        var late = Toll with { At = At(2026, 10, 20, 16) };
        var moved = Check(facts, late);
        moved.Records[0].TripId.Should().BeNull("16:00 is after the return and its margin");
        var news = RecordRechecks.News(moved, new Dictionary<Guid, OutsideRecord> { [Toll.Id] = records[Toll.Id] }, new Dictionary<Guid, TripRecordsChecked>());
        news.Records.Should().ContainSingle().Which.Findings.Select(f => f.Kind).Should().Equal(RecordFindingKind.TollOutsideTrip);
        RecordRechecks.News(moved, new Dictionary<Guid, OutsideRecord>(), new Dictionary<Guid, TripRecordsChecked>()).Records.Should().ContainSingle(
            "a record the store holds no check of is new");
    }

    [Fact]
    public void A_finish_is_checked_again_within_two_days_of_it_and_an_older_one_read_later_is_not()
    {
        RecordRechecks.IsRecent(Finish, Finish.At).Should().BeTrue();
        RecordRechecks.IsRecent(Finish, Finish.At + Duration.FromDays(2)).Should().BeTrue();
        RecordRechecks.IsRecent(Finish, Finish.At + Duration.FromDays(2) + Duration.FromSeconds(1)).Should().BeFalse("a history loaded at once, or the feed replayed");
    }
}
