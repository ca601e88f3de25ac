using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Positions.Tracks;
using Fleet.Domain.Trips;
using Fleet.Projections.Compliance;
using Fleet.Server.Positions.Tracks;
using Fleet.Server.Trips.Closing;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// One trip for everyone who may see it: its whole life in words, read from its own stream, what it cost, and what the
/// viewer can do about it now. Whoever may not see the trip gets the same 404 as for a trip that does not exist.
/// </summary>
[Authorize]
public sealed class TripDetailsModel : WebPage
{
    /// <summary>One line of the trip's life: when, what happened, who did it and why or with what.</summary>
    public sealed record Step(Instant At, string What, string? Who, string? Note);

    /// <summary>The driver's record of the trip once the car is back: distance and every cost, in yuan.</summary>
    public sealed record Record(decimal? Kilometres, decimal? FuelLitres, decimal? KilowattHours, decimal FuelCost, decimal Tolls, decimal Parking,
        decimal OtherCosts)
    {
        public decimal Total => FuelCost + Tolls + Parking + OtherCosts;
    }

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public Trip? Trip { get; private set; }
    public IReadOnlyList<Step> Steps { get; private set; } = [];
    public Record? Finished { get; private set; }
    public TripRated? Rating { get; private set; }
    public TripDisputed? Dispute { get; private set; }
    public bool AutoApproved { get; private set; }
    public string UnitName { get; private set; } = "";
    public string RequesterName { get; private set; } = "";

    /// <summary>The mobile of the driver holding the trip now, for whoever may see the trip to call them; none before dispatch.</summary>
    public string? DriverMobile { get; private set; }

    /// <summary>What the latest check of the trip's track concluded, for those who may see tracks (supervisors, fleet admins).</summary>
    public ReconciledTrack? Track { get; private set; }

    /// <summary>The check's findings as compliance flags, each with its evidence in words.</summary>
    public IReadOnlyList<(ComplianceFlag Flag, string Words)> TrackFindings { get; private set; } = [];

    /// <summary>What the latest check of the trip's fuel-card, ETC and parking records found, in words.</summary>
    public IReadOnlyList<(ComplianceFlag Flag, string Words)> RecordFindings { get; private set; } = [];

    public bool CanAmend => Trip is { } t && TripActions.Amendable(t, Me);
    public bool CanCancel => Trip is { } t && TripActions.Cancellable(t, Me);
    public bool CanConfirm => Trip is { } t && TripActions.Answerable(t, Me);
    public bool CanDispute => Trip is { } t && TripActions.Disputable(t, Me);
    public bool CanRate => Trip is { } t && TripActions.Rateable(t, Me);
    public bool SeesAudit => Is(Role.Supervisor) || Is(Role.FleetAdmin);
    public bool SeesLogbook => Is(Role.Supervisor) || Is(Role.FleetAdmin) || Is(Role.Dispatcher);

    /// <summary>The track is its driver's personal data: the pool's dispatchers and supervisors, once the car has left (TrackLooks).</summary>
    public bool SeesTrack => Trip is { StartedAt: not null } && TrackLooks.MaySeeTrip(Me.Roles) is null;

    public MapSettings Maps => Service<MapSettings>();

    public IWebHostEnvironment Environment => Service<IWebHostEnvironment>();

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Trip is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostConfirmAsync(int? stars, string? comment) =>
        AfterAsync(SendAsync(new ConfirmTrip(Id, new ConfirmTripForm(stars, comment))), "trips.confirmed", new { id = Id });

    public Task<IActionResult> OnPostRateAsync(int? stars, string? comment) =>
        AfterAsync(SendAsync(new RateTrip(Id, new RateTripForm(stars, comment))), "trips.rated", new { id = Id });

    public async Task<IActionResult> OnPostDisputeAsync(List<string>? items, string? details) =>
        await AfterAsync(Scoped("dispute", (await SendAsync(new DisputeTrip(Id, new DisputeTripForm(items, details)))).Accepted), "trips.disputed",
            new { id = Id });

    protected override async Task LoadAsync()
    {
        Trip = await AskAsync(new GetTrip(Id));
        if (Trip is null) return;

        // The stream is read only once the query that decides who sees the trip has found it, in the trip's own pool: for
        // the city office's approvers that may be another than theirs. Its people may be of either (the city's approver).
        await using var session = Store.QuerySession(Trip.Pool);
        var events = await session.Events.FetchStreamAsync(Id, token: HttpContext.RequestAborted);
        var people = events.Select(e => e.Data).SelectMany(Actors).Append(Trip.RequestedBy).Distinct().ToList();
        var users = (await session.Query<User>().Where(u => u.InCity() && u.Id.IsOneOf(people)).ToListAsync(HttpContext.RequestAborted))
            .ToDictionary(u => u.Id, u => u.DisplayName);
        var driverIds = events.Select(e => e.Data).OfType<TripAccepted>().Select(e => e.DriverId)
            .Concat(events.Select(e => e.Data).OfType<TripDeclined>().Select(e => e.DriverId)).Distinct().ToList();
        var drivers = driverIds.Count == 0
            ? new Dictionary<Guid, string>()
            : (await session.Query<Fleet.Domain.Drivers.Driver>().Where(d => d.Id.IsOneOf(driverIds)).ToListAsync(HttpContext.RequestAborted)).ToDictionary(d => d.Id, d => d.Name);

        UnitName = (await UnitNamesAsync([Trip.UnitCode])).GetValueOrDefault(Trip.UnitCode, Trip.UnitCode);
        if (Trip is { HoldsReservation: true, Assignment.DriverId: { } holder })
            DriverMobile = (await session.LoadAsync<Fleet.Domain.Drivers.Driver>(holder, HttpContext.RequestAborted))?.Mobile;
        RequesterName = users.GetValueOrDefault(Trip.RequestedBy, "");
        string? Person(Guid id) => users.GetValueOrDefault(id);
        string? DriverName(Guid id) => drivers.GetValueOrDefault(id);

        var steps = new List<Step>();
        foreach (var data in events.Select(e => e.Data))
        {
            if (Describe(data, Person, DriverName) is { } step) steps.Add(step);
            switch (data)
            {
                case TripAutoApproved: AutoApproved = true; break;
                case TripApprovalRequired or TripApprovalChainRequired: AutoApproved = false; break;
                case TripRated rated: Rating = rated; break;
                case TripDisputed disputed: Dispute = disputed; break;
                case TripFinished finished:
                    Finished = new Record(Trip.OdometerOut is { } o ? finished.OdometerIn.Kilometres - o.Kilometres : null, finished.FuelLitres,
                        finished.EnergyKilowattHours, finished.FuelCost, finished.Tolls, finished.Parking, finished.OtherCosts);
                    break;
            }
        }

        Steps = steps;
        if (SeesAudit && events.Select(e => e.Data).OfType<Fleet.Domain.Records.TripRecordsChecked>().LastOrDefault() is { } checkedRecords)
        {
            var t = Service<WebText>();
            RecordFindings = RecordFlags.Flags(checkedRecords.Findings, Trip.Id, Trip.Assignment?.Plate, Trip.Order?.Text, Trip.UnitCode, Zone)
                .Select(f => (f, RecordEvidence.Words(f, t) ?? "")).ToList();
        }

        if (SeesAudit && events.Select(e => e.Data).OfType<TripTrackReconciled>().LastOrDefault() is { } reconciled)
        {
            Track = ReconciledTrack.From(reconciled);
            var t = Service<WebText>();
            TrackFindings = TrackFlags.Flags(Track, Trip.Assignment?.Plate, Trip.Order?.Text, Trip.UnitCode, Zone)
                .Select(f => (f, TrackEvidence.Words(f, t) ?? "")).ToList();
        }
    }

    private static IEnumerable<Guid> Actors(object data) => data switch
    {
        TripRequested e => [e.RequestedBy],
        TripRequestAmended e => [e.AmendedBy],
        TripContactGiven e => [e.GivenBy],
        TripApproved e => [e.ApproverId],
        TripRejected e => [e.ApproverId],
        TripCancelled e => [e.CancelledBy],
        TripDispatched e => [e.DispatcherId],
        TripReassigned e => [e.DispatcherId],
        TripUndispatched e => [e.DispatcherId],
        TripCompletionConfirmed e => [e.ConfirmedBy],
        TripDisputed e => [e.DisputedBy],
        TripRated e => [e.RatedBy],
        EmergencyTripReviewed e => [e.ReviewerId],
        _ => [],
    };

    private Step? Describe(object data, Func<Guid, string?> person, Func<Guid, string?> driver)
    {
        var t = Service<WebText>();
        string Reasons(IReadOnlyList<string> codes) => string.Join(t.IsEnglish ? "; " : "；", codes.Select(c => t[PolicyReasonKey(c)]));
        string Car(Fleet.Domain.Scheduling.Assignment a) => a.DriverName is { } name ? t.Format("trip.car_and_driver", a.Plate, name) : t.Format("trip.car_self_driven", a.Plate);
        return data switch
        {
            TripRequested e => new(e.RequestedAt, t["trip.step_requested"], person(e.RequestedBy), null),
            TripRequestAmended e => new(e.AmendedAt, t["trip.step_amended"], person(e.AmendedBy), null),
            TripContactGiven e => new(e.At, t["trip.step_contact_given"], person(e.GivenBy), e.Phone is { } phone ? $"{e.Name} {phone}" : e.Name),
            TripApprovalRequired e => new(e.At, t.Format(e.Levels > 1 ? "trip.step_approval_required_two" : "trip.step_approval_required", e.Levels), null, Reasons(e.Reasons)),
            TripApprovalChainRequired e => new(e.At, t.Format("trip.step_approval_chain_required", string.Join(" → ", e.Steps.Select(s => t.Term(s)))), null, Reasons(e.Reasons)),
            TripAutoApproved e => new(e.At, t["trip.step_auto_approved"], null, Reasons(e.Reasons)),
            TripApproved e => new(e.At, t.Format("trip.step_approved", e.Level), person(e.ApproverId), null),
            TripRejected e => new(e.At, t["trip.step_rejected"], person(e.ApproverId), e.Reason),
            EmergencyTripFlaggedForReview e => new(e.At, t["trip.step_flagged"], null, null),
            EmergencyTripReviewed e => new(e.At, t.Format("trip.step_reviewed", t.Term(e.Outcome)), person(e.ReviewerId), e.Note),
            TripCancelled e => new(e.At, t["trip.step_cancelled"], person(e.CancelledBy), e.Reason),
            TripDispatched e => new(e.At, t.Format("trip.step_dispatched", e.Order.Text, Car(e.Assignment)), person(e.DispatcherId), e.ClassChangeReason),
            TripReassigned e => new(e.At, t.Format("trip.step_reassigned", Car(e.Assignment)), person(e.DispatcherId), e.Reason),
            TripUndispatched e => new(e.At, t.Format("trip.step_undispatched", e.VoidedOrder.Text), person(e.DispatcherId), e.Reason),
            TripAccepted e => new(e.At, t["trip.step_accepted"], driver(e.DriverId), null),
            TripDeclined e => new(e.At, t.Format("trip.step_declined", e.VoidedOrder.Text), driver(e.DriverId), e.Reason),
            TripStarted e => new(e.At, t.Format("trip.step_started", e.OdometerOut.Kilometres.ToString("0.#")), null, null),
            TripOdometerGapRecorded e => new(e.At, t.Format("trip.step_odometer_gap", e.LastRecorded.Kilometres.ToString("0.#"), e.OdometerOut.Kilometres.ToString("0.#")), null, null),
            TripFinished e => new(e.ReturnedAt, t.Format("trip.step_finished", e.OdometerIn.Kilometres.ToString("0.#"), (e.FuelCost + e.Tolls + e.Parking + e.OtherCosts).ToString("0.00")), null, null),
            TripStartOverdue e => new(e.At, t.Format("trip.step_start_overdue", Local(e.PlannedStart)), null, null),
            TripReturnOverdue e => new(e.At, t.Format("trip.step_return_overdue", Local(e.PlannedEnd)), null, null),
            TripCompletionConfirmed e => new(e.At, t["trip.step_confirmed"], person(e.ConfirmedBy), null),
            TripDisputed e => new(e.At, t.Format("trip.step_disputed", t.List(e.Items.Select(i => t.Term(i)))), person(e.DisputedBy), e.Details),
            TripRated e => new(e.At, t.Format("trip.step_rated", new string('★', e.Stars)), person(e.RatedBy), e.Comment),
            TripClosed e => new(e.At, t[e.How == TripClosure.Automatically ? "trip.step_closed_automatically" : "trip.step_closed"], null, null),
            _ => null,
        };
    }

    /// <summary>The month of the trip's logbook page: the month the car left in, or was to leave in.</summary>
    public string LogbookMonth => (Trip!.StartedAt ?? Trip.Details.Start).InZone(Zone).ToString("uuuu-MM", null);

    /// <summary>The page text of a reason the approval policy gives, written out so that every key is found where it is used.</summary>
    public static string PolicyReasonKey(string code) => code switch
    {
        "policy.within_auto_limits" => "trip.policy_within_auto_limits",
        "policy.emergency" => "trip.policy_emergency",
        "policy.out_of_region" => "trip.policy_out_of_region",
        "policy.overnight" => "trip.policy_overnight",
        "policy.two_level_class" => "trip.policy_two_level_class",
        "policy.not_a_workday" => "trip.policy_not_a_workday",
        "policy.outside_working_hours" => "trip.policy_outside_working_hours",
        "policy.longer_than_auto_limit" => "trip.policy_longer_than_auto_limit",
        "policy.public_holiday" => "trip.policy_public_holiday",
        "policy.calendar_unknown" => "trip.policy_calendar_unknown",
        "policy.passengers_over" => "trip.policy_passengers_over",
        "policy.any_reason" => "trip.policy_any_reason",
        "policy.holiday_sealed" => "trip.policy_holiday_sealed",
        _ => "trip.policy_other",
    };
}
