using BenchmarkDotNet.Attributes;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Benchmarks.Candidates;

/// <summary>
/// The ranking behind the candidate list, for a pool of 1,000 cars and 350 drivers with 10,000 reservations over
/// a year. The baseline is the availability check alone (what <c>/api/availability</c> computes for the same
/// pool), so the ratio is what reservations and ranking add to it. Loading the pool from PostgreSQL is measured
/// by the load harness, not here.
/// </summary>
[MemoryDiagnoser]
public class CandidateRankingBenchmarks
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 1, 0);

    private readonly List<Vehicle> _vehicles = [];
    private readonly List<Driver> _drivers = [];
    private readonly List<Reservation> _reservations = [];
    private readonly Dictionary<Guid, int> _vehicleUse = [];
    private readonly Dictionary<Guid, int> _driverUse = [];
    private Trip _trip = null!;
    private Interval _window;

    [GlobalSetup]
    public void SetUp()
    {
        var random = new Random(2026);
        VehicleClass[] classes = [VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Mpv, VehicleClass.Minibus, VehicleClass.Bus];
        for (var i = 0; i < 1_000; i++)
        {
            var @class = classes[random.Next(classes.Length)];
            var seats = @class switch { VehicleClass.Sedan => 5, VehicleClass.Mpv => 7, VehicleClass.Minibus => 15, _ => 40 };
            var id = Guid.CreateVersion7();
            var registered = new VehicleRegistered(id, $"鄂A·{i:D5}", VehicleCategory.GeneralOfficial, @class, seats, EnergyType.Gasoline, "420102", Now);
            var vehicle = Vehicle.From(registered)
                .Evolve(new AnnualInspectionRecorded(id, new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), "检", Now))
                .Evolve(new InsuranceRecorded(id, "平安", "P", new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1), Now));
            if (i % 20 == 0)
                vehicle = vehicle.Evolve(new MaintenanceScheduled(id, Guid.NewGuid(), new Interval(Now, Now + Duration.FromDays(2)), MaintenanceKind.Repair, null, Now));
            _vehicles.Add(vehicle);
            _vehicleUse[id] = random.Next(0, 40);
        }

        for (var i = 0; i < 350; i++)
        {
            var driver = Driver.From(new DriverRegistered(Guid.CreateVersion7(), $"司机{i:D3}", "420102", [i % 10 == 0 ? LicenceClass.A1 : LicenceClass.C1],
                "420102198001011234", new LocalDate(2030, 1, 1), null, Now));
            _drivers.Add(driver);
            _driverUse[driver.Id] = random.Next(0, 40);
        }

        var yearStart = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (var i = 0; i < 10_000; i++)
        {
            var vehicle = _vehicles[random.Next(_vehicles.Count)];
            var driver = _drivers[random.Next(_drivers.Count)];
            var from = yearStart + Duration.FromMinutes(random.Next(0, 365 * 24 * 60));
            var until = from + Duration.FromMinutes(random.Next(60, 8 * 60));
            _reservations.Add(new Reservation(Guid.NewGuid(), new DispatchOrderNumber("420102", 2026, i + 1),
                new Assignment(vehicle.Id, vehicle.Plate, vehicle.Class, vehicle.Seats, driver.Id, driver.Name, from, until), false));
        }

        var start = Now + Duration.FromHours(24);
        var details = new TripDetails(TripPurpose.Meeting, "会议", 3, ["张三"], "区政府", ["市民之家"], start, start + Duration.FromHours(3),
            VehicleClass.Sedan, WithDriver: true, TripUrgency.Normal, OutOfRegion: false);
        _trip = Trip.From(new TripRequested(Guid.CreateVersion7(), details, "JA0001", "420102", Guid.NewGuid(), Now));
        _window = new Interval(details.Start, details.End);
    }

    [Benchmark(Baseline = true)]
    public int AvailabilityOnly() =>
        _vehicles.Sum(v => VehicleAvailability.Check(v, _window, Zone).Count) + _drivers.Sum(d => DriverAvailability.Check(d, _window, Zone).Count);

    /// <summary>Every reservation of the year handed in, as if the database had not narrowed them to the trip's window.</summary>
    [Benchmark]
    public DispatchCandidateList RankWithYearOfReservations() =>
        DispatchCandidates.Rank(_trip, _vehicles, _drivers, _reservations, _vehicleUse, _driverUse, DispatchSettings.Default, Zone, Now);
}
