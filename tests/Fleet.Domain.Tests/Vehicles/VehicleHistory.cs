using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Tests.Vehicles;

/// <summary>The "given" of the vehicle tests: a registered vehicle and whatever happened to it since.</summary>
internal static class VehicleHistory
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly Guid VehicleId = Guid.Parse("01900000-0000-7000-8000-0000000000a1");
    public static readonly Instant RegisteredAt = Instant.FromUtc(2026, 1, 5, 1, 0);

    /// <summary>09:30 on 2 November 2026 in Shanghai.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);

    public static readonly VehicleRegistered Registered = new(VehicleId, "鄂A·C1234", VehicleCategory.GeneralOfficial,
        VehicleClass.Sedan, 5, EnergyType.Gasoline, "420102", RegisteredAt);

    public static Vehicle Given(params object[] history) => history.Aggregate(Vehicle.From(Registered), (vehicle, e) => vehicle.Evolve(e));

    /// <summary>A wall-clock time in Shanghai, as a dispatcher would say it.</summary>
    public static Instant At(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    public static Interval Between(Instant start, Instant end) => new(start, end);

    public static MaintenanceScheduled Scheduled(Guid maintenanceId, Interval planned, MaintenanceKind kind = MaintenanceKind.Routine) =>
        new(VehicleId, maintenanceId, planned, kind, null, RegisteredAt);

    public static MaintenanceStarted Started(Guid maintenanceId, Instant at) => new(VehicleId, maintenanceId, at);

    public static MaintenanceCompleted Completed(Guid maintenanceId, Instant at, decimal? odometerKm = null) =>
        new(VehicleId, maintenanceId, odometerKm is { } km ? Distance.FromKilometres(km) : null, at);

    public static MaintenanceCancelled Cancelled(Guid maintenanceId) => new(VehicleId, maintenanceId, "Workshop closed", RegisteredAt);

    public static OdometerRead Read(decimal km) => new(VehicleId, Distance.FromKilometres(km), OdometerSource.Manual, RegisteredAt);

    public static AnnualInspectionRecorded Inspected(LocalDate validUntil) =>
        new(VehicleId, validUntil.PlusYears(-1), validUntil, "鄂检-0001", RegisteredAt);

    public static InsuranceRecorded Insured(LocalDate validUntil) =>
        new(VehicleId, "中国人民财产保险", "PDAA2026420100000001", validUntil.PlusYears(-1).PlusDays(1), validUntil, RegisteredAt);

    public static readonly VehicleRetired Retired = new(VehicleId, "Beyond economic repair", RegisteredAt);

    public static readonly VehicleDisposed Disposed = new(VehicleId, DisposalMethod.Scrapped, "鄂机管〔2026〕12号", RegisteredAt);
}
