using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>What a fleet admin fills in to register a vehicle, exactly as typed: nothing is trusted yet.</summary>
public sealed record RegisterVehicleForm(
    string? Plate,
    string? Category,
    string? Class,
    int? Seats,
    string? EnergyType,
    string? HomePool);

/// <summary>A registration whose every field has been checked and parsed.</summary>
public sealed record VehicleParticulars(
    Plate Plate,
    VehicleCategory Category,
    VehicleClass Class,
    int Seats,
    EnergyType EnergyType,
    PoolCode HomePool);

public static class VehicleRegistration
{
    /// <summary>
    /// Seats (driver included) each body class can plausibly have; the bands follow the
    /// small (≤ 9), medium (10–19) and large (≥ 20) passenger-car classes of the vehicle-type standard.
    /// </summary>
    public static readonly IReadOnlyDictionary<VehicleClass, (int Min, int Max)> SeatRange =
        new Dictionary<VehicleClass, (int, int)>
        {
            [VehicleClass.Sedan] = (2, 7),
            [VehicleClass.Mpv] = (5, 9),
            [VehicleClass.Minibus] = (10, 19),
            [VehicleClass.Bus] = (20, 60),
            [VehicleClass.Special] = (1, 60),
        };

    public static (VehicleParticulars? Particulars, IReadOnlyList<Problem> Problems) Validate(RegisterVehicleForm form)
    {
        var problems = new List<Problem>();

        Plate plate = default;
        if (string.IsNullOrWhiteSpace(form.Plate))
            problems.Add(Problem.Required("plate"));
        else if (!Plate.TryParse(form.Plate, out plate))
            problems.Add(Problem.Invalid("vehicle.plate_invalid", "plate",
                "'{0}' is not a valid plate number: expected a province abbreviation, the issuing letter and five characters (e.g. 鄂A·C1234), or six for a new-energy plate (e.g. 鄂A·D12345).",
                Truncate(form.Plate)));

        var category = ParseCode(form.Category, "category", "vehicle.category_invalid", VehicleTerms.Categories, problems);
        var @class = ParseCode(form.Class, "class", "vehicle.class_invalid", VehicleTerms.Classes, problems);
        var energyType = ParseCode(form.EnergyType, "energyType", "vehicle.energy_type_invalid", VehicleTerms.EnergyTypes, problems);

        if (form.Seats is null)
            problems.Add(Problem.Required("seats"));
        else if (@class is { } known && (form.Seats < SeatRange[known].Min || form.Seats > SeatRange[known].Max))
            problems.Add(Problem.Invalid("vehicle.seats_out_of_range", "seats",
                "A {0} has between {1} and {2} seats, driver included; {3} was given.",
                known, SeatRange[known].Min, SeatRange[known].Max, form.Seats.Value));

        PoolCode homePool = default;
        if (string.IsNullOrWhiteSpace(form.HomePool))
            problems.Add(Problem.Required("homePool"));
        else if (!PoolCode.TryParse(form.HomePool, out homePool))
            problems.Add(Problem.Invalid("vehicle.home_pool_invalid", "homePool",
                "'{0}' is not a pool: give the six-digit GB/T 2260 division code of the city or district that runs it (e.g. 420102).",
                Truncate(form.HomePool)));

        if (problems.Count > 0) return (null, problems);

        return (new VehicleParticulars(plate, category!.Value, @class!.Value, form.Seats!.Value, energyType!.Value, homePool), problems);
    }

    /// <summary>
    /// Registers the vehicle unless its plate already belongs to another vehicle in the registry.
    /// </summary>
    public static Decision Decide(VehicleParticulars particulars, Guid vehicleId, bool plateAlreadyRegistered, Instant now)
    {
        if (plateAlreadyRegistered)
            return Decision.Refuse(Problem.Conflict("vehicle.plate_taken",
                "This plate is already registered to another vehicle: one plate, one vehicle."));

        return Decision.Accept(new VehicleRegistered(
            vehicleId,
            particulars.Plate.Value,
            particulars.Category,
            particulars.Class,
            particulars.Seats,
            particulars.EnergyType,
            particulars.HomePool.Value,
            now));
    }

    private static TEnum? ParseCode<TEnum>(string? text, string field, string code,
        IReadOnlyDictionary<TEnum, string> terms, List<Problem> problems) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required(field));
            return null;
        }

        if (CodeList.TryParse(text, terms, out TEnum value)) return value;

        problems.Add(Problem.Invalid(code, field, "'{0}' is not a known {1}: use one of {2}.",
            Truncate(text), field, CodeList.Describe<TEnum>()));
        return null;
    }

    // Echoing a megabyte of hostile input back into a problem response helps nobody.
    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
