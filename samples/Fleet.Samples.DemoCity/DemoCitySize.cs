using System.Globalization;

namespace Fleet.Samples.DemoCity;

/// <summary>
/// How big a demo city to generate. The district pools all have the same size; the city pool is half as big
/// again, as the city's own motor pool serves the city's bureaus.
/// </summary>
/// <param name="Districts">District pools besides the city pool, at most <see cref="WCity.DistrictCount"/>.</param>
/// <param name="UnitsPerDistrict">Units served by each district pool; the city pool serves half as many again.</param>
/// <param name="VehiclesPerDistrict">Vehicles of each district pool; none means accounts only, no registry and no history.</param>
/// <param name="DriversPerDistrict">Drivers of each district pool.</param>
/// <param name="Months">Months of history before the moment of generation.</param>
/// <param name="TripsPerVehicleWorkday">How busy the pools are: trips a car makes on an average working day.</param>
public sealed record DemoCitySize(
    string Name,
    int Districts,
    int UnitsPerDistrict,
    int VehiclesPerDistrict,
    int DriversPerDistrict,
    int Months,
    double TripsPerVehicleWorkday)
{
    /// <summary>The accounts of the city pool and two districts, one unit each: nothing else. What the HTTP tests start from.</summary>
    public static DemoCitySize Accounts { get; } = new("accounts", 2, 1, 0, 0, 0, 0);

    /// <summary>A few cars and a month: enough to see every view filled, small enough for a test.</summary>
    public static DemoCitySize Tiny { get; } = new("tiny", 2, 3, 6, 7, 1, 0.9);

    /// <summary>W市 as the README describes it: six districts, about 60 units, 300 vehicles, 350 drivers, a year.</summary>
    public static DemoCitySize City { get; } = new("city", 6, 8, 40, 47, 12, 0.5);

    public static IReadOnlyList<DemoCitySize> Named { get; } = [Accounts, Tiny, City];

    /// <summary>The city with <paramref name="factor"/> times its units, cars and drivers: the volume for benchmarks.</summary>
    public static DemoCitySize Scaled(double factor)
    {
        if (factor is <= 0 or > 100 || double.IsNaN(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "A scale between 0 and 100 times the city.");
        int Times(int count) => Math.Max(1, (int)Math.Round(count * factor));
        return City with
        {
            Name = $"city×{factor.ToString(CultureInfo.InvariantCulture)}",
            UnitsPerDistrict = Times(City.UnitsPerDistrict),
            VehiclesPerDistrict = Times(City.VehiclesPerDistrict),
            DriversPerDistrict = Times(City.DriversPerDistrict),
        };
    }

    /// <summary>A named size (<c>accounts</c>, <c>tiny</c>, <c>city</c>) or a multiple of the city (<c>4</c>).</summary>
    public static bool TryParse(string? text, out DemoCitySize size)
    {
        var trimmed = text?.Trim().ToLowerInvariant() ?? "";
        if (Named.FirstOrDefault(s => s.Name == trimmed) is { } named)
        {
            size = named;
            return true;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor is > 0 and <= 100)
        {
            size = Scaled(factor);
            return true;
        }

        size = Accounts;
        return false;
    }

    public bool HasHistory => VehiclesPerDistrict > 0;

    public int UnitsOf(bool cityPool) => cityPool ? Bigger(UnitsPerDistrict) : UnitsPerDistrict;

    public int VehiclesOf(bool cityPool) => cityPool ? Bigger(VehiclesPerDistrict) : VehiclesPerDistrict;

    public int DriversOf(bool cityPool) => cityPool ? Bigger(DriversPerDistrict) : DriversPerDistrict;

    private static int Bigger(int count) => count <= 1 ? count : (int)Math.Round(count * 1.5);
}
