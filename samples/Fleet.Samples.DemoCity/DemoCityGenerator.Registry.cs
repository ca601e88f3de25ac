using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>Letters of ordinary plates; one series per pool keeps plates unique across the city.</summary>
    private const string PlateSeries = "GHJKLMNPQRSTUVWXYZ";

    private static readonly (VehicleClass Class, double Share)[] ClassMix =
        [(VehicleClass.Sedan, 0.55), (VehicleClass.Mpv, 0.20), (VehicleClass.Minibus, 0.12), (VehicleClass.Bus, 0.05), (VehicleClass.Special, 0.08)];

    /// <summary>
    /// Each pool's fleet admin registers the pool's vehicles with their papers and odometer readings, and its
    /// drivers; each driver gets an account, the first one the pool's documented driver account.
    /// </summary>
    private void EquipPools(Instant at)
    {
        // One registration after the other, as the admins type them in: the history stays in the order of time.
        var clock = at;
        Instant Next() => clock += Duration.FromSeconds(20);

        var fleets = new Dictionary<PoolState, List<VehicleClass>>();
        for (var p = 0; p < _pools.Count; p++)
        {
            var pool = _pools[p];
            var classes = fleets[pool] = FleetClasses(_size.VehiclesOf(pool.Pool.IsCity));
            for (var i = 0; i < classes.Count; i++) RegisterVehicle(pool, p, i, classes[i], pool.Staff[Role.FleetAdmin], Next());
            pool.TripsPerWorkday = classes.Count * _size.TripsPerVehicleWorkday;
        }

        foreach (var pool in _pools)
        {
            var licences = Licences(_size.DriversOf(pool.Pool.IsCity), fleets[pool]);
            for (var i = 0; i < licences.Count; i++) RegisterDriver(pool, i, licences[i], pool.Staff[Role.FleetAdmin], Next());
        }
    }

    /// <summary>The pool's classes in the mix above, with at least one of every class once the pool has a dozen cars.</summary>
    private List<VehicleClass> FleetClasses(int count)
    {
        var classes = new List<VehicleClass>();
        if (count >= 12) classes.AddRange(ClassMix.Select(c => c.Class).Where(c => c != VehicleClass.Sedan));
        while (classes.Count < count)
        {
            var roll = _random.NextDouble();
            var chosen = ClassMix.First(c => (roll -= c.Share) < 0 || c.Class == ClassMix[^1].Class).Class;
            classes.Add(count < 12 && chosen is VehicleClass.Bus or VehicleClass.Special ? VehicleClass.Sedan : chosen);
        }

        return classes;
    }

    private void RegisterVehicle(PoolState pool, int poolIndex, int index, VehicleClass vehicleClass, DemoActor admin, Instant at)
    {
        var (seats, category, energy) = vehicleClass switch
        {
            VehicleClass.Sedan => (5, Chance(0.12) ? VehicleCategory.ConfidentialCommunication : Chance(0.1) ? VehicleCategory.LawEnforcement : VehicleCategory.GeneralOfficial,
                Pick([EnergyType.BatteryElectric, EnergyType.BatteryElectric, EnergyType.Gasoline, EnergyType.Gasoline, EnergyType.PlugInHybrid, EnergyType.Hybrid])),
            VehicleClass.Mpv => (7, VehicleCategory.GeneralOfficial, Pick([EnergyType.Gasoline, EnergyType.Gasoline, EnergyType.PlugInHybrid, EnergyType.BatteryElectric])),
            VehicleClass.Minibus => (Pick([12, 15, 17]), VehicleCategory.GeneralOfficial, Pick([EnergyType.Diesel, EnergyType.Diesel, EnergyType.BatteryElectric])),
            VehicleClass.Bus => (Pick([33, 45]), VehicleCategory.GeneralOfficial, Pick([EnergyType.Diesel, EnergyType.Diesel, EnergyType.BatteryElectric])),
            _ => (5, Pick([VehicleCategory.EmergencySupport, VehicleCategory.SpecialTechnical]), EnergyType.Diesel),
        };

        var form = new RegisterVehicleForm(Plate(poolIndex, index, vehicleClass, energy), category.ToString(), vehicleClass.ToString(), seats,
            energy.ToString(), pool.Pool.Code);
        var (particulars, problems) = VehicleRegistration.Validate(form);
        if (particulars is null) throw new InvalidOperationException($"Demo vehicle {form.Plate} is invalid: {problems[0].FormattedMessage}");

        var vehicleId = NewId(at);
        var registered = (VehicleRegistered)Accepted(VehicleRegistration.Decide(particulars, vehicleId, false, at))[0];
        var vehicle = Vehicle.From(registered);
        Record(pool, vehicleId, DemoStream.Vehicle, Decision.Accept(registered), at, admin);

        var today = at.InZone(_zone).Date;
        var inspected = today.PlusDays(-_random.Next(30, 330));
        var insuredFrom = today.PlusDays(-_random.Next(30, 330));
        vehicle = Apply(pool, vehicle, VehicleOdometer.Decide(
            new ReadOdometerForm(_random.Next(3_000, 160_000)), OdometerSource.Registration, vehicle, at), at, admin);
        vehicle = Apply(pool, vehicle, VehicleDocuments.Decide(
            new RecordAnnualInspectionForm(inspected, inspected.PlusYears(1).PlusDays(-1), $"JY{_random.Next(10_000_000, 99_999_999)}"),
            vehicle, at, _zone), at, admin);
        vehicle = Apply(pool, vehicle, VehicleDocuments.Decide(
            new RecordInsuranceForm(Pick(DemoTexts.Insurers), $"PDAA{_random.Next(10_000_000, 99_999_999)}", insuredFrom, insuredFrom.PlusYears(1).PlusDays(-1)),
            vehicle, at), at, admin);
        pool.Vehicles[vehicleId] = vehicle;
        Summary.Vehicles++;
        KeepPapersValid(pool, vehicleId, admin);
    }

    /// <summary>
    /// Unique across the city: each pool has its own letter for ordinary plates and its own range for new-energy
    /// ones (D for battery cars, F for plug-in hybrids; at the end for buses and minibuses).
    /// </summary>
    private static string Plate(int poolIndex, int index, VehicleClass vehicleClass, EnergyType energy)
    {
        var serial = (poolIndex + 1) * 10_000 + index;
        var large = vehicleClass is VehicleClass.Minibus or VehicleClass.Bus;
        return energy switch
        {
            EnergyType.BatteryElectric or EnergyType.FuelCell => large ? $"鄂A·{serial:D5}D" : $"鄂A·D{serial:D5}",
            EnergyType.PlugInHybrid => large ? $"鄂A·{serial:D5}F" : $"鄂A·F{serial:D5}",
            _ => $"鄂A·{PlateSeries[poolIndex % PlateSeries.Length]}{index % 10_000:D4}",
        };
    }

    /// <summary>Licences for the pool's drivers: enough bus, minibus and special-vehicle drivers for its cars, the rest C1.</summary>
    private List<LicenceClass[]> Licences(int count, List<VehicleClass> fleet)
    {
        var licences = new List<LicenceClass[]>();
        void Need(VehicleClass vehicleClass, LicenceClass[] licence, int drivers)
        {
            if (fleet.Contains(vehicleClass)) licences.AddRange(Enumerable.Repeat(licence, drivers));
        }

        var scale = Math.Max(1, count / 20);
        Need(VehicleClass.Bus, [LicenceClass.A1], 2 * scale);
        Need(VehicleClass.Minibus, [LicenceClass.B1], 2 * scale);
        Need(VehicleClass.Special, [LicenceClass.B2], scale);
        while (licences.Count < count) licences.Add(Chance(0.1) ? [LicenceClass.B1] : [LicenceClass.C1]);
        // The pool's first driver signs in with the documented account: they should be able to drive the ordinary cars.
        var ordinary = licences.FindIndex(l => l[0] == LicenceClass.C1);
        if (ordinary > 0) (licences[0], licences[ordinary]) = (licences[ordinary], licences[0]);
        return licences.Take(count).ToList();
    }

    private void RegisterDriver(PoolState pool, int index, LicenceClass[] licence, DemoActor admin, Instant at)
    {
        var expires = at.InZone(_zone).Date.PlusYears(1 + _random.Next(0, 6)).PlusDays(_random.Next(0, 365));
        // The pool's first driver is the person behind the pool's documented driver account; the name is drawn all the
        // same, so that the rest of the city stays the same for a seed.
        var drawn = PersonName();
        var name = index == 0 ? _users[pool.Staff[Role.Driver].UserId!.Value].DisplayName : drawn;
        var form = new RegisterDriverForm(name, pool.Pool.Code, licence.Select(l => (string?)l.ToString()).ToList(),
            $"4201{_random.NextInt64(10_000_000_000_000, 99_999_999_999_999)}", LocalDatePattern.Iso.Format(expires), $"139{_random.Next(10_000_000, 99_999_999)}");
        var (particulars, problems) = DriverRegistration.Validate(form);
        if (particulars is null) throw new InvalidOperationException($"Demo driver {form.Name} is invalid: {problems[0].FormattedMessage}");

        var driverId = NewId(at);
        var decision = DriverRegistration.Decide(particulars, driverId, _zone, at);
        var driver = Driver.From((DriverRegistered)Accepted(decision)[0]);
        Record(pool, driverId, DemoStream.Driver, decision, at, admin);

        var account = index == 0
            ? pool.Staff[Role.Driver]
            : Register(pool, $"{pool.Pool.Prefix}.d{index:D3}", driver.Name, pool.Organisation, Role.Driver, at);
        driver = ApplyDriver(pool, driver, DriverAccount.Link(new LinkDriverAccountForm(account.UserId), driver, _users[account.UserId!.Value], false, at), at, admin);
        pool.Drivers[driverId] = driver;
        pool.DriverAccounts[driverId] = account;
        Summary.Drivers++;
        PlanLeave(pool, driverId, admin);
    }

    private Vehicle Apply(PoolState pool, Vehicle vehicle, Decision decision, Instant at, DemoActor actor, string? correlation = null)
    {
        var events = Record(pool, vehicle.Id, DemoStream.Vehicle, decision, at, actor, correlation);
        var changed = events is null ? vehicle : events.Aggregate(vehicle, (v, e) => v.Evolve(e));
        pool.Vehicles[vehicle.Id] = changed;
        return changed;
    }

    private Driver ApplyDriver(PoolState pool, Driver driver, Decision decision, Instant at, DemoActor actor)
    {
        var events = Record(pool, driver.Id, DemoStream.Driver, decision, at, actor);
        var changed = events is null ? driver : events.Aggregate(driver, (d, e) => d.Evolve(e));
        pool.Drivers[driver.Id] = changed;
        return changed;
    }
}
