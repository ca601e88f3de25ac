using Fleet.Domain.Drivers;
using Fleet.Domain.Vehicles;
using Fleet.Testing;
using NodaTime;

namespace Fleet.Benchmarks;

/// <summary>A large pool registered as its events: cars of every class with valid papers, and drivers.</summary>
internal sealed record LargePool(IReadOnlyList<LargePool.Car> Cars, IReadOnlyList<LargePool.Person> Drivers)
{
    public const string Pool = "420102";
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    internal sealed record Car(Guid Id, string Plate, VehicleClass Class, int Seats);

    internal sealed record Person(Guid Id, string Name);

    public static Instant At(LocalDate day, int hour, int minute = 0) => day.At(new LocalTime(hour, minute)).InZoneStrictly(Zone).ToInstant();

    /// <param name="pool">The pool the cars and drivers join; <see cref="Pool"/> unless a measurement needs a second one.</param>
    /// <param name="series">The letter after 鄂A· in the plates, so that two pools' plates differ.</param>
    public static async Task<LargePool> RegisterAsync(FleetApp app, int cars, int drivers, Random random, string pool = Pool, char series = 'B')
    {
        var now = app.Clock.GetCurrentInstant();
        VehicleClass[] classes = [VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Mpv, VehicleClass.Minibus, VehicleClass.Bus];
        var registered = new List<Car>();
        var people = new List<Person>();

        await using var session = app.Store.LightweightSession(pool);
        for (var i = 0; i < cars; i++)
        {
            var @class = classes[random.Next(classes.Length)];
            var seats = @class switch { VehicleClass.Sedan => 5, VehicleClass.Mpv => 7, VehicleClass.Minibus => 15, _ => 40 };
            var id = Guid.CreateVersion7();
            var plate = $"鄂A·{series}{i:D4}";
            session.Events.StartStream<Vehicle>(id,
                new VehicleRegistered(id, plate, VehicleCategory.GeneralOfficial, @class, seats, EnergyType.Gasoline, pool, now),
                new AnnualInspectionRecorded(id, new LocalDate(2026, 1, 1), new LocalDate(2028, 12, 31), "鄂检", now),
                new InsuranceRecorded(id, "平安", $"P{i}", new LocalDate(2026, 1, 1), new LocalDate(2028, 12, 31), now));
            registered.Add(new Car(id, plate, @class, seats));
        }

        for (var i = 0; i < drivers; i++)
        {
            var id = Guid.CreateVersion7();
            var name = $"司机{i:D3}";
            session.Events.StartStream<Driver>(id, new DriverRegistered(id, name, pool, [i % 10 == 0 ? LicenceClass.A1 : LicenceClass.B1],
                "420102198001011234", new LocalDate(2030, 1, 1), null, now));
            people.Add(new Person(id, name));
        }

        await session.SaveChangesAsync();
        return new LargePool(registered, people);
    }

    /// <summary>
    /// What autovacuum does for tables that have grown: statistics for the planner, a visibility map for index-only
    /// scans. A page is marked visible only when no transaction still open could miss its rows: a pass right after the
    /// seeding marked none of the flagged records' pages (<c>pg_class.relallvisible</c> 0), a second pass two seconds
    /// later all of them, as autovacuum's next visit would.
    /// </summary>
    public static async Task VacuumAsync(FleetApp app)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        foreach (var pass in new[] { 1, 2 })
        {
            if (pass == 2) await Task.Delay(TimeSpan.FromSeconds(2));
            await using var vacuum = new Npgsql.NpgsqlCommand("vacuum analyze", connection);
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
