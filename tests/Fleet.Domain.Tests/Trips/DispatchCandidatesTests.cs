using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

/// <summary>Ranking the pool for Tuesday 09:00–11:00, two passengers with a driver, a sedan asked for.</summary>
public class DispatchCandidatesTests
{
    private static Vehicle Car(string plate, VehicleClass @class = VehicleClass.Sedan, int seats = 5, params object[] history)
    {
        var registered = new VehicleRegistered(Guid.NewGuid(), plate, VehicleCategory.GeneralOfficial, @class, seats, EnergyType.Hybrid, "420102",
            Now - Duration.FromDays(300));
        object[] papers =
        [
            new AnnualInspectionRecorded(registered.VehicleId, new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), "鄂检-1", registered.RegisteredAt),
            new InsuranceRecorded(registered.VehicleId, "平安", "P-1", new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), registered.RegisteredAt),
        ];
        return papers.Concat(history).Aggregate(Vehicle.From(registered), (v, e) => v.Evolve(e));
    }

    private static Driver Person(string name, LicenceClass licence = LicenceClass.C1) => Driver.From(new DriverRegistered(
        Guid.NewGuid(), name, "420102", [licence], "420102198001011234", new LocalDate(2030, 1, 1), null, Now - Duration.FromDays(300)));

    private static Driver OnLeaveOnTuesday(Driver driver) =>
        driver.When(new DriverLeaveScheduled(driver.Id, Guid.NewGuid(), new Interval(Local(2026, 11, 3, 0), Local(2026, 11, 4, 0)), LeaveKind.Annual, null, Now));

    private static Reservation Booked(Vehicle car, Driver driver, Instant from, Instant until) =>
        new(Guid.NewGuid(), new DispatchOrderNumber("420102", 2026, 9), new Assignment(car.Id, car.Plate, car.Class, car.Seats, driver.Id, driver.Name, from, until), false);

    private static DispatchCandidateList Rank(IEnumerable<Vehicle> cars, IEnumerable<Driver> drivers, IReadOnlyList<Reservation>? booked = null,
        Dictionary<Guid, int>? carUse = null, Dictionary<Guid, int>? driverUse = null) =>
        DispatchCandidates.Rank(AutoApproved, cars, drivers, booked ?? [], carUse ?? [], driverUse ?? [], DispatchSettings.Default, Shanghai, Now);

    [Fact]
    public void Free_cars_of_the_class_asked_for_come_first_the_smallest_that_seats_everybody_then_the_least_used()
    {
        var (big, small, busy, worn, mpv) = (Car("鄂A·00005", seats: 7), Car("鄂A·00001", seats: 5), Car("鄂A·00002"), Car("鄂A·00003"),
            Car("鄂A·00004", VehicleClass.Mpv, 7));
        var (someone, onAnotherTrip) = (Person("李师傅"), Person("王师傅"));

        var ranked = Rank([mpv, worn, busy, big, small], [someone, onAnotherTrip], [Booked(busy, onAnotherTrip, Local(2026, 11, 3, 8), Local(2026, 11, 3, 9, 30))],
            carUse: new() { [worn.Id] = 9, [small.Id] = 1 });

        ranked.Vehicles.Select(v => v.Plate).Should().Equal("鄂A·00001", "鄂A·00003", "鄂A·00005", "鄂A·00004", "鄂A·00002");
        ranked.Vehicles[^1].Reserved.Should().ContainSingle().Which.Order.Text.Should().Be("420102-2026-00009");
        ranked.Vehicles[3].ClassFits.Should().BeFalse();
        ranked.Reserved.Should().Be(new Interval(Local(2026, 11, 3, 9), Local(2026, 11, 3, 11, 30)));
    }

    [Fact]
    public void Unavailable_cars_and_drivers_carry_every_reason_and_disposed_ones_are_left_out()
    {
        var job = new MaintenanceScheduled(Guid.Empty, Guid.NewGuid(), new Interval(Local(2026, 11, 3, 10), Local(2026, 11, 3, 12)), MaintenanceKind.Repair, null, Now);
        var inWorkshop = Car("鄂A·00011");
        inWorkshop = inWorkshop.Evolve(job with { VehicleId = inWorkshop.Id });
        var disposed = Car("鄂A·00012", VehicleClass.Sedan, 5, new VehicleDisposed(Guid.Empty, DisposalMethod.Scrapped, "鄂机管〔2026〕1号", Now));
        var suspended = Person("赵师傅").When(new DriverSuspended(Guid.Empty, "违章调查", Now));

        var ranked = Rank([inWorkshop, disposed], [suspended, Person("钱师傅")]);

        ranked.Vehicles.Should().ContainSingle().Which.Unavailable.Select(u => u.Reason).Should().Equal(VehicleUnavailableReason.Maintenance);
        ranked.Drivers.Select(d => (d.Name, d.Available)).Should().Equal(("钱师傅", true), ("赵师傅", false));
    }

    [Fact]
    public void Drivers_whose_licence_covers_the_class_come_first_the_least_used_of_them_first()
    {
        var (busy, rested, bus) = (Person("孙师傅"), Person("周师傅"), Person("吴师傅", LicenceClass.A1));
        var minibusTrip = AutoApproved with { Details = Details with { WantedClass = VehicleClass.Minibus, Passengers = 12 } };

        var ranked = DispatchCandidates.Rank(minibusTrip, [], [busy, rested, bus], [], new Dictionary<Guid, int>(),
            new Dictionary<Guid, int> { [bus.Id] = 3 }, DispatchSettings.Default, Shanghai, Now);

        ranked.Drivers.Select(d => d.Name).Should().Equal("吴师傅", "周师傅", "孙师傅");
        ranked.Drivers.Select(d => d.LicenceFits).Should().Equal(true, false, false);

        var sedan = Rank([], [busy, rested], driverUse: new() { [busy.Id] = 5, [rested.Id] = 1 });
        sedan.Drivers.Select(d => d.Name).Should().Equal("周师傅", "孙师傅");
    }

    [Fact]
    public void With_no_class_asked_for_a_car_every_driver_may_drive_comes_before_a_special_vehicle_of_as_few_seats()
    {
        var special = Car("鄂A·00021", VehicleClass.Special, 3);
        var sedan = Car("鄂A·00022", VehicleClass.Sedan, 5);
        var (carDriver, specialDriver) = (Person("郑师傅"), Person("冯师傅", LicenceClass.B2));
        var anyClass = AutoApproved with { Details = Details with { WantedClass = null } };

        var ranked = DispatchCandidates.Rank(anyClass, [special, sedan], [specialDriver, carDriver], [], new Dictionary<Guid, int>(),
            new Dictionary<Guid, int> { [specialDriver.Id] = 4 }, DispatchSettings.Default, Shanghai, Now);

        ranked.Vehicles.Select(v => v.Plate).Should().Equal("鄂A·00022", "鄂A·00021");
        ranked.Drivers.Select(d => (d.Name, d.LicenceFits)).Should().Equal(("郑师傅", true), ("冯师傅", true));
    }

    [Fact]
    public void A_car_no_free_driver_may_drive_is_not_offered_and_says_why()
    {
        var special = Car("鄂A·00031", VehicleClass.Special, 3);
        var onLeave = OnLeaveOnTuesday(Person("陈师傅", LicenceClass.B2));
        var specialTrip = AutoApproved with { Details = Details with { WantedClass = VehicleClass.Special } };

        var ranked = DispatchCandidates.Rank(specialTrip, [special], [onLeave, Person("褚师傅")], [], new Dictionary<Guid, int>(),
            new Dictionary<Guid, int>(), DispatchSettings.Default, Shanghai, Now);

        ranked.Vehicles.Should().ContainSingle().Which.Should().Match<VehicleCandidate>(v => !v.Available && !v.Drivable && v.Unavailable.Count == 0);
    }

    [Fact]
    public void Drivers_are_judged_against_the_car_proposed_first()
    {
        // Twelve travelling and no class asked for: the minibus is the car, so only a licence for a minibus fits.
        var minibus = Car("鄂A·00041", VehicleClass.Minibus, 15);
        var (c1, b1) = (Person("卫师傅"), Person("蒋师傅", LicenceClass.B1));
        var twelve = AutoApproved with { Details = Details with { WantedClass = null, Passengers = 12 } };

        var ranked = DispatchCandidates.Rank(twelve, [minibus], [c1, b1], [], new Dictionary<Guid, int>(),
            new Dictionary<Guid, int> { [b1.Id] = 9 }, DispatchSettings.Default, Shanghai, Now);

        ranked.Drivers.Select(d => (d.Name, d.LicenceFits)).Should().Equal(("蒋师傅", true), ("卫师傅", false));
    }

    /// <summary>
    /// Pools drawn at random — cars of every class and size, drivers of every licence, some on leave, some booked — and
    /// trips of every size, class and kind: whenever a car is offered, the first car with the first driver offered is a
    /// pair dispatch accepts, and whenever none is, no pair of the pool would have been accepted.
    /// </summary>
    [Fact]
    public void The_first_car_and_driver_offered_are_always_a_pair_dispatch_accepts()
    {
        var random = new Random(2026);
        var classes = Enum.GetValues<VehicleClass>();
        var licences = Enum.GetValues<LicenceClass>();
        var (offered, noneOffered) = (0, 0);
        for (var round = 0; round < 400; round++)
        {
            var cars = Enumerable.Range(0, random.Next(1, 9)).Select(i =>
            {
                var @class = classes[random.Next(classes.Length)];
                var (min, max) = VehicleRegistration.SeatRange[@class];
                return Car($"鄂A·{round % 100:00}{i:000}", @class, random.Next(min, Math.Min(max, 33) + 1));
            }).ToList();
            var drivers = Enumerable.Range(0, random.Next(1, 6)).Select(i =>
            {
                var driver = Person($"司机{round}-{i}", licences[random.Next(licences.Length)]);
                return random.Next(5) == 0 ? OnLeaveOnTuesday(driver) : driver;
            }).ToList();
            var booked = cars.Where(_ => random.Next(4) == 0).Select(car => Booked(car, drivers[random.Next(drivers.Count)], Local(2026, 11, 3, 8), Local(2026, 11, 3, 10))).ToList();
            var trip = AutoApproved with
            {
                Details = Details with
                {
                    Passengers = random.Next(1, 30),
                    WantedClass = random.Next(3) == 0 ? null : classes[random.Next(classes.Length)],
                    WithDriver = random.Next(5) != 0,
                },
            };

            var ranked = DispatchCandidates.Rank(trip, cars, drivers, booked, new Dictionary<Guid, int>(), new Dictionary<Guid, int>(),
                DispatchSettings.Default, Shanghai, Now);
            Decision Try(Vehicle car, Driver? driver) => TripDispatching.Dispatch(trip, car, driver,
                new AssignTripForm(car.Id, driver?.Id, trip.Details.WantedClass is { } w && w != car.Class ? "座位不够，改派" : null, null),
                booked, new DispatchOrderNumber("420102", 2026, 10), Dispatcher, DispatchSettings.Default, Shanghai, Now);

            if (ranked.Vehicles.FirstOrDefault(v => v.Available) is { } car)
            {
                var driver = trip.Details.WithDriver ? ranked.Drivers.First(d => d.Available && d.LicenceFits) : null;
                var decision = Try(cars.Single(c => c.Id == car.VehicleId), driver is null ? null : drivers.Single(d => d.Id == driver.DriverId));
                decision.ShouldAcceptOne<TripDispatched>($"round {round}: {string.Join("; ", decision.Problems.Select(p => p.Code))}")
                    .Assignment.VehicleId.Should().Be(car.VehicleId);
                offered++;
            }
            else
            {
                var pairs = cars.SelectMany(c => trip.Details.WithDriver ? drivers.Select(d => (c, (Driver?)d)) : [(c, null)]);
                pairs.Where(pair => Try(pair.c, pair.Item2).IsAccepted).Should().BeEmpty($"round {round}: nothing was offered");
                noneOffered++;
            }
        }

        offered.Should().BeGreaterThan(100);
        noneOffered.Should().BeGreaterThan(10);
    }
}
