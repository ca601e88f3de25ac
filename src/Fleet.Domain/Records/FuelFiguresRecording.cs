using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Records;

/// <summary>
/// The fleet admin recorded what the car's tank holds and what it burns per 100 km (from its papers, or as measured):
/// fuel-card purchases are held against them. A later recording replaces the figures. Stored as <c>vehicle_fuel_figures_recorded</c>.
/// </summary>
public sealed record VehicleFuelFiguresRecorded(Guid VehicleId, decimal? TankLitres, decimal? LitresPer100Km, Guid RecordedBy, Instant RecordedAt);

/// <summary>The figures as typed; either may be left out when it is not known.</summary>
public sealed record RecordFuelFiguresForm(decimal? TankLitres, decimal? LitresPer100Km);

public static class FuelFiguresRecording
{
    /// <summary>A bus's tank holds some 400 litres; nothing Fleet manages holds more.</summary>
    public const decimal MaxTankLitres = 1_000m;

    public const decimal MaxLitresPer100Km = 100m;

    public static Decision Record(RecordFuelFiguresForm form, Vehicle vehicle, Guid by, Instant now)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var problems = new List<Problem>();
        if (form.TankLitres is null && form.LitresPer100Km is null) problems.Add(Problem.Required("tankLitres"));
        if (form.TankLitres is { } tank && tank is <= 0 or > MaxTankLitres)
            problems.Add(Problem.Invalid("vehicle.tank_invalid", "tankLitres", "A tank holds more than 0 and at most {0} litres.", MaxTankLitres));
        if (form.LitresPer100Km is { } burns && burns is <= 0 or > MaxLitresPer100Km)
            problems.Add(Problem.Invalid("vehicle.consumption_invalid", "litresPer100Km", "A car burns more than 0 and at most {0} litres per 100 km.",
                MaxLitresPer100Km));
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleFuelFiguresRecorded(vehicle.Id, form.TankLitres, form.LitresPer100Km, by, now));
    }
}
