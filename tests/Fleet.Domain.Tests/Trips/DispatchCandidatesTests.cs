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
        return papers.Concat(history).Aggregate(Vehicle.Create(registered), (v, e) => v.Evolve(e));
    }

    private static Driver Person(string name, LicenceClass licence = LicenceClass.C1) => Driver.Create(new DriverRegistered(
        Guid.NewGuid(), name, "420102", [licence], "420102198001011234", new LocalDate(2030, 1, 1), null, Now - Duration.FromDays(300)));

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
        var someone = Person("李师傅");

        var ranked = Rank([mpv, worn, busy, big, small], [someone], [Booked(busy, someone, Local(2026, 11, 3, 8), Local(2026, 11, 3, 9, 30))],
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
        var suspended = Person("赵师傅").Apply(new DriverSuspended(Guid.Empty, "违章调查", Now));

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
}
