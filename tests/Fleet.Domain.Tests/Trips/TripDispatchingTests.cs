using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

/// <summary>
/// Giving a trip a car and driver, changing them and taking them back. The trip is Tuesday 09:00–11:00 in Wuhan
/// with two passengers and a driver, asking for a sedan; the turnaround is 30 minutes.
/// </summary>
public class TripDispatchingTests
{
    private static readonly DispatchSettings Settings = DispatchSettings.Default;
    private static readonly DispatchOrderNumber Next = new("420102", 2026, 7);
    private static readonly Guid OtherTrip = Guid.Parse("01900000-0000-7000-8000-0000000000e1");

    private static Vehicle Car(VehicleClass @class = VehicleClass.Sedan, int seats = 5, Guid? id = null, params object[] history)
    {
        var registered = new VehicleRegistered(id ?? VehicleId, "鄂A·C1234", VehicleCategory.GeneralOfficial, @class, seats, EnergyType.Hybrid, "420102",
            Now - Duration.FromDays(300));
        var papers = new object[]
        {
            new AnnualInspectionRecorded(registered.VehicleId, new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), "鄂检-1", registered.RegisteredAt),
            new InsuranceRecorded(registered.VehicleId, "平安", "P-1", new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), registered.RegisteredAt),
        };
        return papers.Concat(history).Aggregate(Vehicle.From(registered), (v, e) => v.Evolve(e));
    }

    private static Driver Chauffeur(LicenceClass licence = LicenceClass.C1, Guid? id = null) => Driver.From(new DriverRegistered(
        id ?? DriverId, "王建国", "420102", [licence], "420102198001011234", new LocalDate(2030, 1, 1), null, Now - Duration.FromDays(300)));

    private static AssignTripForm Form(string? classChangeReason = null, string? reason = null) => new(VehicleId, DriverId, classChangeReason, reason);

    private static Reservation Holding(Instant from, Instant until, Guid? vehicle = null, Guid? driver = null, bool underway = false) =>
        new(OtherTrip, new DispatchOrderNumber("420102", 2026, 3),
            new Assignment(vehicle ?? VehicleId, "鄂A·C1234", VehicleClass.Sedan, 5, driver ?? Guid.NewGuid(), "李师傅", from, until), underway);

    private static Decision Dispatch(Trip trip, Vehicle? car = null, Driver? driver = null, AssignTripForm? form = null,
        IEnumerable<Reservation>? others = null, Instant? now = null) =>
        TripDispatching.Dispatch(trip, car ?? Car(), driver ?? Chauffeur(), form ?? Form(), others ?? [], Next, Dispatcher, Settings, Shanghai, now ?? Now);

    [Fact]
    public void An_approved_trip_gets_the_car_and_driver_until_the_turnaround_after_its_end()
    {
        Dispatch(AutoApproved).ShouldAccept(new TripDispatched(TripId, Next,
            new Assignment(VehicleId, "鄂A·C1234", VehicleClass.Sedan, 5, DriverId, "王建国", Local(2026, 11, 3, 9), Local(2026, 11, 3, 11, 30)),
            null, Dispatcher, Now));
    }

    [Fact]
    public void A_trip_the_unit_drives_itself_needs_no_driver_and_is_ready_to_leave_at_once()
    {
        var selfDriven = AutoApproved with { Details = Details with { WithDriver = false } };

        var decision = TripDispatching.Dispatch(selfDriven, Car(), null, Form() with { DriverId = null }, [], Next, Dispatcher, Settings, Shanghai, Now);

        decision.ShouldAcceptOne<TripDispatched>().Assignment.DriverId.Should().BeNull();
        selfDriven.Evolve(decision.Events.Single()).Status.Should().Be(TripStatus.Accepted);
        TripDispatching.Dispatch(AutoApproved, Car(), null, Form(), [], Next, Dispatcher, Settings, Shanghai, Now)
            .ShouldRefuseWith(("driverId", "validation.required"));
    }

    [Fact]
    public void Only_an_approved_trip_that_is_not_over_is_dispatched()
    {
        Dispatch(AwaitingOneLevel).ShouldRefuse("trip.not_approved", ProblemKind.Conflict);
        Dispatch(Dispatched).ShouldRefuse("dispatch.already_dispatched", ProblemKind.Conflict);
        Dispatch(AutoApproved.Evolve(new TripCancelled(TripId, Clerk, null, TripStatus.Approved, Now))).ShouldRefuse("trip.already_final", ProblemKind.Conflict);
        Dispatch(AutoApproved, now: Local(2026, 11, 3, 11)).ShouldRefuse("dispatch.trip_over", ProblemKind.Conflict);
        Dispatch(AutoApproved, now: Local(2026, 11, 3, 10)).ShouldAcceptOne<TripDispatched>("a late dispatch of a trip still under way is allowed");
    }

    [Fact]
    public void Another_class_is_sent_only_with_a_reason_and_the_reason_is_recorded()
    {
        Dispatch(AutoApproved, Car(VehicleClass.Mpv, 7)).ShouldRefuseWith(("classChangeReason", "dispatch.class_change_reason_required"));

        var decision = Dispatch(AutoApproved, Car(VehicleClass.Mpv, 7), form: Form(classChangeReason: " 轿车已全部派出 "));
        decision.Events.OfType<TripDispatched>().Single().ClassChangeReason.Should().Be("轿车已全部派出");
        Dispatch(AutoApproved, form: Form(classChangeReason: "无关")).Events.OfType<TripDispatched>().Single().ClassChangeReason
            .Should().BeNull("the class fits, so there is no change to explain");
    }

    [Fact]
    public void The_car_seats_every_passenger_besides_the_driver()
    {
        var four = AutoApproved with { Details = Details with { Passengers = 4 } };
        Dispatch(four, Car(seats: 5)).ShouldAcceptOne<TripDispatched>().Assignment.Seats.Should().Be(5);
        Dispatch(four with { Details = four.Details with { Passengers = 5 } }, Car(seats: 5)).ShouldRefuse("dispatch.too_few_seats", ProblemKind.Conflict);
    }

    [Fact]
    public void A_car_in_the_workshop_or_without_papers_and_a_driver_on_leave_or_without_the_licence_are_refused_with_every_reason()
    {
        var job = new MaintenanceScheduled(VehicleId, Guid.NewGuid(), new Interval(Local(2026, 11, 3, 10), Local(2026, 11, 3, 15)), MaintenanceKind.Repair, null, Now);
        var decision = Dispatch(AutoApproved, Car(history: job), Chauffeur().When(new DriverSuspended(DriverId, "违章调查", Now)));

        decision.Problems.Select(p => p.Code).Should().Equal("dispatch.vehicle_unavailable", "dispatch.driver_unavailable");
        decision.Problems.Should().OnlyContain(p => p.Kind == ProblemKind.Conflict);

        Dispatch(AutoApproved with { Details = Details with { WantedClass = VehicleClass.Minibus, Passengers = 12 } }, Car(VehicleClass.Minibus, 15),
                Chauffeur(LicenceClass.C1))
            .ShouldRefuse("dispatch.licence_insufficient", ProblemKind.Conflict).Args.Should().Contain(LicenceClass.B1);
    }

    [Theory]
    [InlineData(7, 0, 9, 0, false)] // ends as the trip starts
    [InlineData(7, 0, 9, 1, true)]
    [InlineData(11, 29, 13, 0, true)] // starts within this trip's turnaround
    [InlineData(11, 30, 13, 0, false)] // starts as the turnaround ends
    public void Reservations_are_half_open_and_include_the_turnaround(int fromHour, int fromMinute, int untilHour, int untilMinute, bool clash)
    {
        var other = Holding(Local(2026, 11, 3, fromHour, fromMinute), Local(2026, 11, 3, untilHour, untilMinute));

        var decision = Dispatch(AutoApproved, others: [other]);

        if (clash) decision.ShouldRefuse("vehicle.double_booked", ProblemKind.Conflict).FormattedMessage.Should().Contain("420102-2026-00003");
        else decision.ShouldAcceptOne<TripDispatched>().Assignment.VehicleId.Should().Be(VehicleId);
    }

    [Fact]
    public void The_driver_is_held_as_the_car_is_and_both_clashes_are_named()
    {
        var other = Holding(Local(2026, 11, 3, 8), Local(2026, 11, 3, 10), vehicle: VehicleId, driver: DriverId);

        Dispatch(AutoApproved, others: [other]).Problems.Select(p => p.Code).Should().Equal("vehicle.double_booked", "driver.double_booked");
        Dispatch(AutoApproved, others: [Holding(Local(2026, 11, 3, 8), Local(2026, 11, 3, 10), vehicle: Guid.NewGuid(), driver: DriverId)])
            .ShouldRefuse("driver.double_booked", ProblemKind.Conflict);
    }

    [Fact]
    public void A_car_still_out_past_its_plan_is_held_until_a_turnaround_after_now()
    {
        var lateYesterday = Holding(Local(2026, 11, 2, 6), Local(2026, 11, 2, 8), underway: true);
        var now = Local(2026, 11, 3, 8, 45);

        Dispatch(AutoApproved, others: [lateYesterday], now: now).ShouldRefuse("vehicle.double_booked", ProblemKind.Conflict);
        Dispatch(AutoApproved, others: [lateYesterday with { Underway = false }], now: now).ShouldAcceptOne<TripDispatched>();
        Dispatch(AutoApproved, others: [lateYesterday], now: Local(2026, 11, 3, 8, 20)).ShouldAcceptOne<TripDispatched>("back by 08:50 at the latest");
    }

    [Fact]
    public void Reassigning_keeps_the_order_and_needs_a_reason_and_a_change()
    {
        var other = Guid.Parse("01900000-0000-7000-8000-0000000000a2");
        var trip = Dispatched;

        TripDispatching.Reassign(trip, Car(id: other), Chauffeur(), Form(reason: "原车故障"), [], Dispatcher, Settings, Shanghai, Now)
            .ShouldAccept(new TripReassigned(TripId, TestTrip.Assignment with { VehicleId = other }, null, "原车故障", Dispatcher, Now));
        TripDispatching.Reassign(trip, Car(id: other), Chauffeur(), Form(), [], Dispatcher, Settings, Shanghai, Now)
            .ShouldRefuseWith(("reason", "validation.required"));
        TripDispatching.Reassign(trip, Car(), Chauffeur(), Form(reason: "换车"), [], Dispatcher, Settings, Shanghai, Now)
            .ShouldRefuseWith(("vehicleId", "dispatch.reassign_unchanged"));
        TripDispatching.Reassign(AutoApproved, Car(id: other), Chauffeur(), Form(reason: "换车"), [], Dispatcher, Settings, Shanghai, Now)
            .ShouldRefuse("dispatch.not_dispatched", ProblemKind.Conflict);
        TripDispatching.Reassign(Started, Car(id: other), Chauffeur(), Form(reason: "换车"), [], Dispatcher, Settings, Shanghai, Now)
            .ShouldRefuse("trip.already_started", ProblemKind.Conflict);
    }

    [Fact]
    public void A_reassignment_ignores_the_trips_own_reservation_and_a_new_driver_must_accept_again()
    {
        var own = new Reservation(TripId, Order, TestTrip.Assignment, false);
        var newDriver = Guid.Parse("01900000-0000-7000-8000-0000000000d9");

        var decision = TripDispatching.Reassign(Accepted, Car(), Chauffeur(id: newDriver), Form(reason: "驾驶员生病"), [own], Dispatcher, Settings, Shanghai, Now);

        decision.ShouldAcceptOne<TripReassigned>().Assignment.DriverId.Should().Be(newDriver);
        Accepted.Evolve(decision.Events.Single()).Status.Should().Be(TripStatus.Dispatched);
        var newCar = TripDispatching.Reassign(Accepted, Car(id: Guid.NewGuid()), Chauffeur(), Form(reason: "换车"), [own], Dispatcher, Settings, Shanghai, Now);
        Accepted.Evolve(newCar.Events.Single()).Status.Should().Be(TripStatus.Accepted, "the driver agreed to the trip, not to the car");
    }

    [Fact]
    public void Undispatching_voids_the_order_and_frees_the_car_and_driver()
    {
        TripDispatching.Undispatch(Accepted, new UndispatchTripForm("用车单位改期"), Dispatcher, Now)
            .ShouldAccept(new TripUndispatched(TripId, Order, "用车单位改期", Dispatcher, Now));
        var after = Accepted.Evolve(new TripUndispatched(TripId, Order, "用车单位改期", Dispatcher, Now));
        after.Should().Match<Trip>(t => t.Status == TripStatus.Approved && t.Assignment == null && t.Order == null && !t.HoldsReservation);

        TripDispatching.Undispatch(Accepted, new UndispatchTripForm(" "), Dispatcher, Now).ShouldRefuseWith(("reason", "validation.required"));
        TripDispatching.Undispatch(Started, new UndispatchTripForm("改期"), Dispatcher, Now).ShouldRefuse("trip.already_started", ProblemKind.Conflict);
    }

    [Fact]
    public void Cancelling_a_dispatched_trip_frees_its_reservation()
    {
        Dispatched.HoldsReservation.Should().BeTrue();
        Dispatched.Evolve(new TripCancelled(TripId, Clerk, "会议取消", TripStatus.Dispatched, Now)).HoldsReservation.Should().BeFalse();
    }
}

public class DispatchRegisterTests
{
    private static readonly DateTimeZone Shanghai = TestTrip.Shanghai;

    [Fact]
    public void Numbers_follow_each_other_and_start_again_with_the_local_year()
    {
        var register = DispatchRegister.From(new DispatchRegisterOpened("420102", TestTrip.Now));
        var first = register.Next(TestTrip.Now, Shanghai);
        first.Should().Be(new DispatchOrderNumber("420102", 2026, 1));
        first.Text.Should().Be("420102-2026-00001");

        register = register.When(new DispatchOrderIssued(first, TestTrip.TripId, TestTrip.Now));
        register.Next(TestTrip.Now, Shanghai).Sequence.Should().Be(2);

        // 16:30 UTC on 31 December is already 00:30 on 1 January in Wuhan.
        register.Next(Instant.FromUtc(2026, 12, 31, 16, 30), Shanghai).Should().Be(new DispatchOrderNumber("420102", 2027, 1));
        register.Next(Instant.FromUtc(2026, 12, 31, 15, 59), Shanghai).Should().Be(new DispatchOrderNumber("420102", 2026, 2));
    }
}
