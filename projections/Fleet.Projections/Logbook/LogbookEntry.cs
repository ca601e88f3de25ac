using Fleet.Domain.Trips;
using Marten.Events.Aggregation;
using NodaTime;

namespace Fleet.Projections.Logbook;

/// <summary>
/// One line of the electronic logbook (出车登记簿): a trip as the paper form records it, built only from the
/// trip's events — the dispatch order, who asked and why, the car and driver, when it left and came back, the
/// odometer, fuel and costs — with what happened afterwards (rating, dispute, flags). A trip that never left
/// has a line too, for the dispatch board, but the logbook shows only trips that were driven.
/// </summary>
public sealed record LogbookEntry
{
    public Guid Id { get; init; }

    /// <summary>The version of the trip's stream this line reflects: equal to the stream's once the daemon has caught up.</summary>
    public long Version { get; set; }
    public string Pool { get; init; } = "";
    public string UnitCode { get; init; } = "";
    public TripPurpose Purpose { get; init; }
    public string PurposeText { get; init; } = "";
    public int Passengers { get; init; }
    public string PickUp { get; init; } = "";
    public IReadOnlyList<string> Destinations { get; init; } = [];
    public TripUrgency Urgency { get; init; }
    public Instant PlannedStart { get; init; }
    public Instant PlannedEnd { get; init; }
    /// <summary>The approval policy version the trip was decided under: its working hours are the ones that applied.</summary>
    public int PolicyVersion { get; init; }

    /// <summary>The dispatch order the trip was driven under, as printed: 420102-2026-00042.</summary>
    public string? OrderNumber { get; init; }

    public Guid? VehicleId { get; init; }
    public string? Plate { get; init; }
    public Guid? DriverId { get; init; }
    public string? DriverName { get; init; }

    public Instant? DepartedAt { get; init; }
    public Instant? ReturnedAt { get; init; }
    public long? OdometerOutMetres { get; init; }
    public long? OdometerInMetres { get; init; }

    /// <summary>Return reading less departure reading: what the car itself says it drove.</summary>
    public long? DistanceMetres => OdometerInMetres - OdometerOutMetres;

    public decimal? FuelLitres { get; init; }
    public decimal? EnergyKilowattHours { get; init; }
    public decimal FuelCost { get; init; }
    public decimal Tolls { get; init; }
    public decimal Parking { get; init; }
    public decimal OtherCosts { get; init; }
    public decimal TotalCost => FuelCost + Tolls + Parking + OtherCosts;

    public int? Stars { get; init; }
    public string? RatingComment { get; init; }
    public bool Disputed { get; init; }
    public bool OdometerGap { get; init; }

    /// <summary>For a gap: the vehicle's last reading before this trip's departure reading.</summary>
    public long? OdometerLastRecordedMetres { get; init; }

    public IReadOnlyList<DisputedItem> DisputedItems { get; init; } = [];
    public string? DisputeDetails { get; init; }
    public bool StartOverdue { get; init; }
    public bool ReturnOverdue { get; init; }

    /// <summary>Taken from a paper logbook afterwards: no request, approval or dispatch of Fleet stands behind it.</summary>
    public bool Imported { get; init; }

    /// <summary>For an imported line: the file's SHA-256 and the row it came from.</summary>
    public string? ImportedFrom { get; init; }
}

/// <summary>The logbook lines, kept by the daemon: nothing a command decides depends on them.</summary>
public sealed partial class LogbookEntryProjection : SingleStreamProjection<LogbookEntry, Guid>
{
    public LogbookEntryProjection()
    {
        Options.BatchSize = ProjectionPaging.RebuildBatchSize;
    }

    public static LogbookEntry Create(TripRequested e) => new LogbookEntry
    {
        Id = e.TripId,
        Pool = e.Pool,
        UnitCode = e.UnitCode,
    }.With(e.Details);

    /// <summary>
    /// A paper record has no request: the approved window is taken as the times written down, and the unit as written
    /// (a name, where Fleet's own lines have the unit's code).
    /// </summary>
    public static LogbookEntry Create(TripImported e) => new()
    {
        Id = e.TripId,
        Pool = e.Pool,
        UnitCode = e.Unit ?? "",
        Purpose = TripPurpose.Other,
        PurposeText = e.Purpose,
        Passengers = 0,
        PickUp = "",
        Destinations = [],
        Urgency = TripUrgency.Normal,
        PlannedStart = e.DepartedAt,
        PlannedEnd = e.ReturnedAt,
        OrderNumber = e.OrderNumber,
        VehicleId = e.VehicleId,
        Plate = e.Plate,
        DriverName = e.DriverName,
        DepartedAt = e.DepartedAt,
        ReturnedAt = e.ReturnedAt,
        OdometerOutMetres = e.OdometerOut.Metres,
        OdometerInMetres = e.OdometerIn.Metres,
        FuelLitres = e.FuelLitres,
        OtherCosts = e.Cost,
        Imported = true,
        ImportedFrom = $"{e.Provenance.FileHash}#{e.Provenance.Row}",
    };

    public static LogbookEntry Apply(LogbookEntry entry, TripRequestAmended e) => entry.With(e.Details);

    public static LogbookEntry Apply(LogbookEntry entry, TripAutoApproved e) => entry with { PolicyVersion = e.PolicyVersion };

    public static LogbookEntry Apply(LogbookEntry entry, TripApprovalRequired e) => entry with { PolicyVersion = e.PolicyVersion };

    public static LogbookEntry Apply(LogbookEntry entry, TripApprovalChainRequired e) => entry with { PolicyVersion = e.PolicyVersion };

    public static LogbookEntry Apply(LogbookEntry entry, TripDispatched e) => entry.Assigned(e.Assignment) with { OrderNumber = e.Order.Text };

    public static LogbookEntry Apply(LogbookEntry entry, TripReassigned e) => entry.Assigned(e.Assignment);

    public static LogbookEntry Apply(LogbookEntry entry, TripUndispatched e) => entry.Unassigned();

    public static LogbookEntry Apply(LogbookEntry entry, TripDeclined e) => entry.Unassigned();

    public static LogbookEntry Apply(LogbookEntry entry, TripStarted e) => entry with
    {
        DepartedAt = e.At,
        OdometerOutMetres = e.OdometerOut.Metres,
    };

    public static LogbookEntry Apply(LogbookEntry entry, TripOdometerGapRecorded e) =>
        entry with { OdometerGap = true, OdometerLastRecordedMetres = e.LastRecorded.Metres };

    public static LogbookEntry Apply(LogbookEntry entry, TripFinished e) => entry with
    {
        ReturnedAt = e.ReturnedAt,
        OdometerInMetres = e.OdometerIn.Metres,
        FuelLitres = e.FuelLitres,
        EnergyKilowattHours = e.EnergyKilowattHours,
        FuelCost = e.FuelCost,
        Tolls = e.Tolls,
        Parking = e.Parking,
        OtherCosts = e.OtherCosts,
    };

    public static LogbookEntry Apply(LogbookEntry entry, TripStartOverdue e) => entry with { StartOverdue = true };

    public static LogbookEntry Apply(LogbookEntry entry, TripReturnOverdue e) => entry with { ReturnOverdue = true };

    public static LogbookEntry Apply(LogbookEntry entry, TripDisputed e) =>
        entry with { Disputed = true, DisputedItems = e.Items, DisputeDetails = e.Details };

    public static LogbookEntry Apply(LogbookEntry entry, TripRated e) => entry with { Stars = e.Stars, RatingComment = e.Comment };

    // Events that change nothing a logbook line shows are still taken in, so that a line is always at its trip
    // stream's version: that is how a check can tell a line that is complete from one that skipped an event.
    public static LogbookEntry Apply(LogbookEntry entry, TripApproved e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, TripRejected e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, TripCancelled e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, TripAccepted e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, TripCompletionConfirmed e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, TripClosed e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, EmergencyTripFlaggedForReview e) => entry;
    public static LogbookEntry Apply(LogbookEntry entry, EmergencyTripReviewed e) => entry;
}

internal static class LogbookEntryChanges
{
    public static LogbookEntry With(this LogbookEntry entry, TripDetails details) => entry with
    {
        Purpose = details.Purpose,
        PurposeText = details.PurposeText,
        Passengers = details.Passengers,
        PickUp = details.PickUp,
        Destinations = details.Destinations,
        Urgency = details.Urgency,
        PlannedStart = details.Start,
        PlannedEnd = details.End,
    };

    public static LogbookEntry Assigned(this LogbookEntry entry, Fleet.Domain.Scheduling.Assignment assignment) => entry with
    {
        VehicleId = assignment.VehicleId,
        Plate = assignment.Plate,
        DriverId = assignment.DriverId,
        DriverName = assignment.DriverName,
    };

    /// <summary>The voided order goes with the car and driver: the trip is waiting for dispatch again.</summary>
    public static LogbookEntry Unassigned(this LogbookEntry entry) => entry with
    {
        OrderNumber = null,
        VehicleId = null,
        Plate = null,
        DriverId = null,
        DriverName = null,
    };
}
