using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripDrivingTests
{
    /// <summary>In these tests a driver signs in with the id of their registry record; a dispatcher is no driver.</summary>
    private static DrivingActor By(Guid id, bool dispatcher) => new(id, dispatcher ? null : id, dispatcher);

    private static readonly Guid OtherDriver = Guid.Parse("01900000-0000-7000-8000-0000000000d3");

    /// <summary>The unit drives itself: the dispatch centre gives a car and no driver, and the trip is ready to leave at once.</summary>
    private static Trip SelfDriven => AutoApproved.Evolve(new TripDispatched(TripId, Order,
        Assignment with { DriverId = null, DriverName = null }, null, Dispatcher, Now));

    private static Trip SelfDrivenStarted => SelfDriven.Evolve(new TripStarted(TripId, VehicleId, Dispatcher, OdometerOut, DepartedAt));

    private static readonly FinishTripForm Back = new(12_398.2m, null, null, null, null, 10m, null, BackAt);

    [Fact]
    public void The_assigned_driver_accepts_a_dispatched_trip()
    {
        var decision = TripDriving.Accept(Dispatched, DriverId, Now);

        decision.ShouldAccept(new TripAccepted(TripId, DriverId, Now));
        Dispatched.Evolve(decision.Events[0]).Status.Should().Be(TripStatus.Accepted);
    }

    public static TheoryData<string> NotTheDriversTrips => ["another driver's", "self-driven", "undispatched", "cancelled"];

    private static Trip NotTheDrivers(string which) => which switch
    {
        "another driver's" => AutoApproved.Evolve(new TripDispatched(TripId, Order, Assignment with { DriverId = OtherDriver }, null, Dispatcher, Now)),
        "self-driven" => SelfDriven,
        "undispatched" => AutoApproved,
        _ => Accepted.Evolve(new TripCancelled(TripId, Clerk, "会议取消", TripStatus.Accepted, Now)),
    };

    [Theory]
    [MemberData(nameof(NotTheDriversTrips))]
    public void Only_the_assigned_driver_accepts_or_declines(string which)
    {
        TripDriving.Accept(NotTheDrivers(which), DriverId, Now).ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
        TripDriving.Decline(NotTheDrivers(which), DriverId, new DeclineTripForm("身体不适"), Now).ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
    }

    [Fact]
    public void An_accepted_trip_is_not_accepted_again()
    {
        TripDriving.Accept(Accepted, DriverId, Now).ShouldRefuse("trip.already_accepted", ProblemKind.Conflict);
    }

    [Fact]
    public void A_trip_under_way_is_not_accepted()
    {
        TripDriving.Accept(Started, DriverId, Now).ShouldRefuse("trip.not_dispatched", ProblemKind.Conflict)
            .FormattedMessage.Should().StartWith("This trip is InProgress:");
    }

    [Theory]
    [InlineData(TripStatus.Completed)]
    [InlineData(TripStatus.Closed)]
    public void A_final_trip_is_neither_accepted_nor_declined(TripStatus status)
    {
        TripDriving.Accept(Dispatched with { Status = status }, DriverId, Now).ShouldRefuse("trip.already_final", ProblemKind.Conflict);
        TripDriving.Decline(Dispatched with { Status = status }, DriverId, new DeclineTripForm("身体不适"), Now).ShouldRefuse("trip.already_final", ProblemKind.Conflict);
    }

    public static TheoryData<string> Declinable => ["dispatched", "accepted"];

    [Theory]
    [MemberData(nameof(Declinable))]
    public void The_driver_declines_before_or_after_accepting_and_the_trip_goes_back_to_dispatch(string which)
    {
        var trip = which == "dispatched" ? Dispatched : Accepted;

        var decision = TripDriving.Decline(trip, DriverId, new DeclineTripForm("  身体不适  "), Now);

        decision.ShouldAccept(new TripDeclined(TripId, DriverId, Order, "身体不适", Now));
        trip.Evolve(decision.Events[0]).Should().Match<Trip>(t =>
            t.Status == TripStatus.Approved && t.Order == null && t.Assignment == null && !t.HoldsReservation);
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData("  ", "validation.required")]
    [InlineData("身体\n不适", "validation.control_characters")]
    public void A_decline_needs_a_readable_reason(string? reason, string code)
    {
        TripDriving.Decline(Dispatched, DriverId, new DeclineTripForm(reason), Now).ShouldRefuseWith(("reason", code));
    }

    [Fact]
    public void A_decline_reason_has_at_most_500_characters()
    {
        TripDriving.Decline(Dispatched, DriverId, new DeclineTripForm(new string('病', 500)), Now)
            .ShouldAccept(new TripDeclined(TripId, DriverId, Order, new string('病', 500), Now));
        TripDriving.Decline(Dispatched, DriverId, new DeclineTripForm(new string('病', 501)), Now).ShouldRefuseWith(("reason", "validation.too_long"));
    }

    [Fact]
    public void Once_the_car_has_left_the_driver_cannot_decline()
    {
        TripDriving.Decline(Started, DriverId, new DeclineTripForm("身体不适"), Now).ShouldRefuse("trip.already_started", ProblemKind.Conflict);
    }

    [Fact]
    public void The_driver_starts_an_accepted_trip_with_the_vehicle_reading_it_was_left_at()
    {
        var decision = TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt);

        decision.ShouldAccept(new TripStarted(TripId, VehicleId, DriverId, OdometerOut, DepartedAt));
        Accepted.Evolve(decision.Events[0]).Should().Match<Trip>(t =>
            t.Status == TripStatus.InProgress && t.OdometerOut == OdometerOut && t.StartedAt == DepartedAt && !t.OdometerGap);
    }

    [Fact]
    public void Kilometres_driven_since_the_last_reading_are_recorded_as_a_gap_and_the_trip_starts_anyway()
    {
        var lastReading = Distance.FromKilometres(12_300m);

        var decision = TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), lastReading, DepartedAt);

        decision.ShouldAccept(
            new TripStarted(TripId, VehicleId, DriverId, OdometerOut, DepartedAt),
            new TripOdometerGapRecorded(TripId, VehicleId, lastReading, OdometerOut, DepartedAt));
        decision.Events.Aggregate(Accepted, (trip, e) => trip.Evolve(e)).OdometerGap.Should().BeTrue();
    }

    [Fact]
    public void A_dispatcher_hands_over_the_keys_of_a_car_the_unit_drives_itself()
    {
        SelfDriven.Status.Should().Be(TripStatus.Accepted);

        TripDriving.Start(SelfDriven, By(Dispatcher, true), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt)
            .ShouldAccept(new TripStarted(TripId, VehicleId, Dispatcher, OdometerOut, DepartedAt));
    }

    [Fact]
    public void Nobody_but_a_dispatcher_starts_a_self_driven_trip()
    {
        TripDriving.Start(SelfDriven, By(Clerk, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt)
            .ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nobody_but_the_assigned_driver_starts_a_trip_with_a_driver(bool actorIsDispatcher)
    {
        TripDriving.Start(Accepted, By(OtherDriver, actorIsDispatcher), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt)
            .ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
    }

    [Fact]
    public void The_driver_accepts_before_starting()
    {
        TripDriving.Start(Dispatched, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt)
            .ShouldRefuse("trip.not_accepted", ProblemKind.Conflict);
    }

    [Fact]
    public void A_trip_starts_once()
    {
        TripDriving.Start(Started, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, DepartedAt)
            .ShouldRefuse("trip.already_in_progress", ProblemKind.Conflict);
    }

    [Fact]
    public void A_finished_trip_does_not_start_again()
    {
        TripDriving.Start(Finished, By(DriverId, false), new StartTripForm(OdometerIn.Kilometres), OdometerIn, BackAt)
            .ShouldRefuse("trip.already_final", ProblemKind.Conflict);
    }

    [Fact]
    public void A_trip_starts_at_most_twelve_hours_before_its_planned_start()
    {
        var earliest = Details.Start - Duration.FromHours(12);

        TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, earliest)
            .ShouldAccept(new TripStarted(TripId, VehicleId, DriverId, OdometerOut, earliest));
        TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(OdometerOut.Kilometres), OdometerOut, earliest - Duration.FromMinutes(1))
            .ShouldRefuse("trip.start_too_early", ProblemKind.Conflict)
            .Args.Should().Equal(Details.Start, 12);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(2_000_000.001)]
    public void A_departure_reading_no_odometer_can_show_is_refused(decimal km)
    {
        TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(km), OdometerOut, DepartedAt)
            .ShouldRefuseWith(("odometerKm", "vehicle.odometer_out_of_range"));
    }

    [Fact]
    public void A_departure_gives_the_odometer_reading()
    {
        TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(null), OdometerOut, DepartedAt)
            .ShouldRefuseWith(("odometerKm", "validation.required"));
    }

    [Fact]
    public void A_departure_reading_below_the_vehicles_last_would_turn_the_odometer_back()
    {
        TripDriving.Start(Accepted, By(DriverId, false), new StartTripForm(12_300m), OdometerOut, DepartedAt)
            .ShouldRefuse("trip.odometer_below_last", ProblemKind.Conflict)
            .Args.Should().Equal(12_345.6m, 12_300m);
    }

    [Fact]
    public void The_driver_records_the_return_reading_refuelling_and_costs()
    {
        var form = new FinishTripForm(12_398.2m, 6.5m, null, 52.3m, 15m, 10m, 2.5m, BackAt);
        var recordedAt = BackAt + Duration.FromMinutes(10);

        var decision = TripDriving.Finish(Started, By(DriverId, false), form, recordedAt);

        decision.ShouldAccept(new TripFinished(TripId, VehicleId, DriverId, OdometerIn, 6.5m, null, 52.3m, 15m, 10m, 2.5m, BackAt, recordedAt));
        Started.Evolve(decision.Events[0]).Should().Match<Trip>(t =>
            t.Status == TripStatus.Completed && t.OdometerIn == OdometerIn && t.ReturnedAt == BackAt && !t.HoldsReservation);
    }

    [Fact]
    public void Costs_left_out_are_nothing_spent_and_the_car_is_back_now_unless_said_otherwise()
    {
        TripDriving.Finish(Started, By(DriverId, false), new FinishTripForm(12_398.2m, null, 18.4m, null, null, null, null, null), BackAt)
            .ShouldAccept(new TripFinished(TripId, VehicleId, DriverId, OdometerIn, null, 18.4m, 0m, 0m, 0m, 0m, BackAt, BackAt));
    }

    [Fact]
    public void A_dispatcher_takes_back_the_keys_of_a_car_the_unit_drove_itself()
    {
        TripDriving.Finish(SelfDrivenStarted, By(Dispatcher, true), Back, BackAt)
            .ShouldAccept(new TripFinished(TripId, VehicleId, Dispatcher, OdometerIn, null, null, 0m, 0m, 10m, 0m, BackAt, BackAt));
        TripDriving.Finish(SelfDrivenStarted, By(Clerk, false), Back, BackAt)
            .ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
    }

    [Fact]
    public void Nobody_but_the_assigned_driver_finishes_a_trip_with_a_driver()
    {
        TripDriving.Finish(Started, By(Dispatcher, true), Back, BackAt)
            .ShouldRefuse("trip.not_assigned_driver", ProblemKind.Forbidden);
    }

    public static TheoryData<string> NotUnderWay => ["accepted", "finished"];

    [Theory]
    [MemberData(nameof(NotUnderWay))]
    public void Only_a_trip_under_way_is_finished(string which)
    {
        TripDriving.Finish(which == "accepted" ? Accepted : Finished, By(DriverId, false), Back, BackAt)
            .ShouldRefuse("trip.not_in_progress", ProblemKind.Conflict);
    }

    [Fact]
    public void The_return_reading_is_required()
    {
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = null }, BackAt)
            .ShouldRefuseWith(("odometerKm", "validation.required"));
    }

    [Fact]
    public void Every_bad_field_of_the_return_is_reported_at_once()
    {
        var form = new FinishTripForm(
            OdometerKm: 2_000_001m,
            FuelLitres: -1m,
            EnergyKilowattHours: 1_000.1m,
            FuelCost: -0.01m,
            Tolls: 100_000.01m,
            Parking: 12.345m,
            OtherCosts: 0m,
            ReturnedAt: BackAt + Duration.FromMinutes(6));

        TripDriving.Finish(Started, By(DriverId, false), form, BackAt).ShouldRefuseWith(
            ("odometerKm", "vehicle.odometer_out_of_range"),
            ("fuelLitres", "trip.fuel_out_of_range"),
            ("energyKilowattHours", "trip.energy_out_of_range"),
            ("fuelCost", "trip.amount_out_of_range"),
            ("tolls", "trip.amount_out_of_range"),
            ("parking", "trip.amount_precision"),
            ("returnedAt", "trip.return_in_future"));
    }

    [Fact]
    public void An_amount_names_its_field_in_the_message()
    {
        var decision = TripDriving.Finish(Started, By(DriverId, false), Back with { Tolls = 100_000.01m }, BackAt);

        decision.Problems.Should().ContainSingle().Which.Args.Should().Equal("tolls", 100_000m, 100_000.01m);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1_000, 1_000, 100_000)]
    [InlineData(0.001, 999.999, 12.30)]
    public void Quantities_and_amounts_at_their_limits_are_accepted(decimal fuel, decimal energy, decimal amount)
    {
        var form = new FinishTripForm(12_398.2m, fuel, energy, amount, amount, amount, amount, BackAt);

        TripDriving.Finish(Started, By(DriverId, false), form, BackAt)
            .ShouldAccept(new TripFinished(TripId, VehicleId, DriverId, OdometerIn, fuel, energy, amount, amount, amount, amount, BackAt, BackAt));
    }

    [Fact]
    public void A_return_reading_below_the_departure_reading_is_a_conflict_with_the_record()
    {
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = 12_345.5m }, BackAt)
            .ShouldRefuse("trip.odometer_below_start", ProblemKind.Conflict)
            .Args.Should().Equal(12_345.6m, 12_345.5m);
    }

    [Fact]
    public void A_return_reading_below_the_departure_reading_waits_until_the_form_is_in_order()
    {
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = 12_345.5m, FuelLitres = -1m }, BackAt)
            .ShouldRefuseWith(("fuelLitres", "trip.fuel_out_of_range"));
    }

    [Fact]
    public void A_return_reading_equal_to_the_departure_reading_is_a_trip_that_went_nowhere()
    {
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = 12_345.6m }, BackAt).ShouldAcceptOne<TripFinished>()
            .OdometerIn.Should().Be(Distance.FromKilometres(12_345.6m));
    }

    [Fact]
    public void No_single_trip_is_longer_than_5000_km()
    {
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = 17_345.6m }, BackAt).ShouldAcceptOne<TripFinished>()
            .OdometerIn.Should().Be(Distance.FromKilometres(17_345.6m));
        TripDriving.Finish(Started, By(DriverId, false), Back with { OdometerKm = 17_345.601m }, BackAt)
            .ShouldRefuseWith(("odometerKm", "trip.distance_implausible"));
    }

    [Fact]
    public void A_return_up_to_five_minutes_ahead_of_the_server_clock_is_a_clock_difference()
    {
        var form = Back with { ReturnedAt = BackAt + Duration.FromMinutes(5) };

        TripDriving.Finish(Started, By(DriverId, false), form, BackAt).ShouldAcceptOne<TripFinished>().ReturnedAt.Should().Be(form.ReturnedAt!.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_car_is_back_after_it_left(int minutesAfterDeparture)
    {
        var form = Back with { ReturnedAt = DepartedAt + Duration.FromMinutes(minutesAfterDeparture) };

        TripDriving.Finish(Started, By(DriverId, false), form, BackAt).ShouldRefuseWith(("returnedAt", "trip.return_before_start"));
    }

    public static TheoryData<string, int, bool> StartOverdueCases => new()
    {
        { "dispatched", 30, true },
        { "accepted", 45, true },
        { "accepted", 29, false },
        { "already reported", 60, false },
        { "started", 60, false },
        { "cancelled", 60, false },
        { "moved to the afternoon", 60, false },
    };

    private static Trip NotYetLeft(string which) => which switch
    {
        "dispatched" => Dispatched,
        "accepted" => Accepted,
        "already reported" => Accepted.Evolve(new TripStartOverdue(TripId, Details.Start, Details.Start + TripDriving.StartGrace)),
        "started" => Started,
        "cancelled" => Accepted.Evolve(new TripCancelled(TripId, Clerk, "会议取消", TripStatus.Accepted, Now)),
        _ => Dispatched.Evolve(new TripUndispatched(TripId, Order, "会议改到下午", Dispatcher, Now))
            .Evolve(new TripRequestAmended(TripId, Details with { Start = Local(2026, 11, 3, 14), End = Local(2026, 11, 3, 16) }, Clerk, Now))
            .Evolve(new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now))
            .Evolve(new TripDispatched(TripId, Order with { Sequence = 2 }, Assignment, null, Dispatcher, Now)),
    };

    [Theory]
    [MemberData(nameof(StartOverdueCases))]
    public void A_car_that_has_not_left_half_an_hour_after_the_planned_start_is_reported_once(string which, int minutesAfterStart, bool reported)
    {
        var now = Details.Start + Duration.FromMinutes(minutesAfterStart);

        var decision = TripDriving.StartOverdue(NotYetLeft(which), now, TripDriving.StartGrace);

        if (reported) decision.ShouldAccept(new TripStartOverdue(TripId, Details.Start, now));
        else decision.ShouldAccept();
    }

    public static TheoryData<string, int, bool> ReturnOverdueCases => new()
    {
        { "under way", 120, true },
        { "under way", 119, false },
        { "already reported", 180, false },
        { "finished", 180, false },
    };

    private static Trip NotYetBack(string which) => which switch
    {
        "under way" => Started,
        "already reported" => Started.Evolve(new TripReturnOverdue(TripId, Details.End, Details.End + TripDriving.ReturnGrace)),
        _ => Finished,
    };

    [Theory]
    [MemberData(nameof(ReturnOverdueCases))]
    public void A_car_not_back_two_hours_after_the_planned_end_is_reported_once(string which, int minutesAfterEnd, bool reported)
    {
        var now = Details.End + Duration.FromMinutes(minutesAfterEnd);

        var decision = TripDriving.ReturnOverdue(NotYetBack(which), now, TripDriving.ReturnGrace);

        if (reported) decision.ShouldAccept(new TripReturnOverdue(TripId, Details.End, now));
        else decision.ShouldAccept();
    }
}
