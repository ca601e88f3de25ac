using Fleet.Domain.Vehicles;

namespace Fleet.Domain.Drivers;

/// <summary>
/// Whether the licence classes a driver holds permit driving a given pool vehicle. A licence permits its own
/// class and the "other permitted classes" the rules list for it (A1 also permits A3, B1, B2, C1 and C2), so
/// a driver is never refused a car that a higher licence already allows.
/// </summary>
public static class LicenceCoverage
{
    /// <summary>
    /// The other classes each licence permits, as listed in annex 1 of the licence rules. The rules list the
    /// full set for every class, so no chain has to be followed.
    /// </summary>
    private static readonly IReadOnlyDictionary<LicenceClass, LicenceClass[]> AlsoPermits =
        new Dictionary<LicenceClass, LicenceClass[]>
        {
            [LicenceClass.A1] = [LicenceClass.A3, LicenceClass.B1, LicenceClass.B2, LicenceClass.C1, LicenceClass.C2],
            [LicenceClass.A2] = [LicenceClass.B1, LicenceClass.B2, LicenceClass.C1, LicenceClass.C2],
            [LicenceClass.A3] = [LicenceClass.C1, LicenceClass.C2],
            [LicenceClass.B1] = [LicenceClass.C1, LicenceClass.C2],
            [LicenceClass.B2] = [LicenceClass.C1, LicenceClass.C2],
            [LicenceClass.C1] = [LicenceClass.C2],
            [LicenceClass.C2] = [],
        };

    /// <summary>
    /// The order in which <see cref="Describe"/> looks for the one licence to quote: the narrowest first, and
    /// among the A classes the passenger licence A1 before the articulated-lorry licence A2.
    /// </summary>
    private static readonly LicenceClass[] FromNarrowest =
    [
        LicenceClass.C2, LicenceClass.C1, LicenceClass.B2, LicenceClass.B1, LicenceClass.A3, LicenceClass.A1, LicenceClass.A2,
    ];

    /// <summary>Every class a driver holding <paramref name="held"/> may drive.</summary>
    public static IReadOnlySet<LicenceClass> Permitted(IEnumerable<LicenceClass> held) =>
        held.SelectMany(c => AlsoPermits[c].Append(c)).ToHashSet();

    /// <summary>
    /// The classes a vehicle needs, every one of which the driver must be permitted. The body class gives one
    /// and the seat count (driver included) may add another, because the licence rules size passenger vehicles
    /// by seats: medium from 10, large from 20.
    /// </summary>
    /// <remarks>
    /// Sedans and MPVs need C2, which every car licence permits. C2 itself permits automatics only; the registry
    /// does not record the gearbox, so C2 is taken to cover every sedan and MPV, as it does the automatic cars
    /// pools buy today.
    /// A special vehicle (专用车) needs B2. The registry does not record its total mass, and a heavy or medium
    /// special-purpose vehicle (重型、中型专项作业车) may only be driven on B2 or on an A1 or A2 licence that
    /// permits B2; asking C1 would be right only for light ones. A3 does not qualify: it permits city buses
    /// and small cars, never B2 vehicles.
    /// Buses need A1 rather than A3 because a pool's coaches are not city public buses.
    /// </remarks>
    public static IReadOnlySet<LicenceClass> Requirements(VehicleClass vehicleClass, int seats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seats, 1);

        var requirements = new HashSet<LicenceClass>
        {
            vehicleClass switch
            {
                VehicleClass.Sedan or VehicleClass.Mpv => LicenceClass.C2,
                VehicleClass.Minibus => LicenceClass.B1,
                VehicleClass.Bus => LicenceClass.A1,
                VehicleClass.Special => LicenceClass.B2,
                _ => throw new ArgumentOutOfRangeException(nameof(vehicleClass), vehicleClass, "Unknown vehicle class."),
            },
        };

        if (seats >= 20) requirements.Add(LicenceClass.A1);
        else if (seats >= 10) requirements.Add(LicenceClass.B1);

        return requirements;
    }

    public static bool Covers(IReadOnlyCollection<LicenceClass> held, VehicleClass vehicleClass, int seats)
    {
        var permitted = Permitted(held);
        return Requirements(vehicleClass, seats).All(permitted.Contains);
    }

    /// <summary>
    /// The one licence class to quote when a driver may not take the vehicle: the narrowest class that covers
    /// it on its own. Where two lower classes would only do together — a 15-seat special vehicle needs B1 and
    /// B2 — the A1 that permits both is quoted.
    /// </summary>
    public static LicenceClass Describe(VehicleClass vehicleClass, int seats) =>
        FromNarrowest.First(c => Covers([c], vehicleClass, seats));

    /// <summary>How narrow the licence a vehicle needs is, 0 for one every car licence covers: the higher, the fewer drivers may take it.</summary>
    public static int Narrowness(VehicleClass vehicleClass, int seats) => Array.IndexOf(FromNarrowest, Describe(vehicleClass, seats));
}
