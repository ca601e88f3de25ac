using Fleet.Domain.Calendar;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// A trip request (用车单) exactly as the clerk typed it: nothing is trusted yet. A request is for a vehicle
/// with a driver unless the unit asks to drive itself, and of normal urgency unless marked otherwise.
/// </summary>
public sealed record RequestTripForm(
    string? Purpose,
    string? PurposeText,
    int? Passengers,
    IReadOnlyList<string?>? PassengerNames,
    string? PickUp,
    IReadOnlyList<string?>? Destinations,
    Instant? Start,
    Instant? End,
    string? WantedClass,
    string? Urgency,
    bool WithDriver = true,
    bool OutOfRegion = false,
    TripContactForm? Contact = null);

public static class TripRequesting
{
    public const int PurposeTextMaxLength = 200;
    public const int PassengerNameMaxLength = 20;
    public const int PlaceMaxLength = 100;
    public const int MaxDestinations = 10;

    /// <summary>Longer journeys are secondments or study tours, planned and approved outside the motor pool.</summary>
    public static readonly Duration MaxLength = Duration.FromDays(7);

    /// <summary>The most passengers any vehicle class carries; no request can be served beyond it.</summary>
    public static readonly int MaxPassengers = VehicleRegistration.SeatRange.Values.Max(r => r.Max);

    /// <summary>
    /// Records the request for the clerk's unit and, in the same breath, the policy's answer: approved at once
    /// (and, for an emergency, flagged for review) or waiting for one or two approvers.
    /// </summary>
    public static Decision Request(RequestTripForm form, Guid tripId, string unitCode, string pool, Guid requesterId,
        ApprovalPolicy policy, WorkingCalendar calendar, DateTimeZone zone, Instant now, HolidaySealings? sealings = null)
    {
        var (details, problems) = Validate(form, zone, now);
        var contactProblems = new List<Problem>();
        var contact = TripContacts.Read(form.Contact, contactProblems);
        if (details is null || contactProblems.Count > 0) return Decision.Refuse([.. problems, .. contactProblems]);

        var requested = new TripRequested(tripId, details, unitCode, pool, requesterId, now);
        IEnumerable<object> given = contact is null ? [] : [new TripContactGiven(tripId, contact.Name, contact.Phone, requesterId, now)];
        return Decision.Accept([requested, .. given, .. PolicyAnswer(tripId, policy.Evaluate(details, zone, calendar, sealings), policy, now)]);
    }

    /// <summary>
    /// Replaces the request with the amended one. Only the requester may, and only until a car is dispatched;
    /// since an approval was given for the old request, the policy decides again and approvals start over.
    /// </summary>
    public static Decision Amend(RequestTripForm form, Trip trip, Guid actorId, ApprovalPolicy policy, WorkingCalendar calendar, DateTimeZone zone,
        Instant now, HolidaySealings? sealings = null)
    {
        if (actorId != trip.RequestedBy) return Decision.Refuse(TripProblems.NotRequester());
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        if (trip.Status.IsDispatched()) return Decision.Refuse(TripProblems.AlreadyDispatched(trip.Status));

        var (details, problems) = Validate(form, zone, now);
        var contactProblems = new List<Problem>();
        var contact = TripContacts.Read(form.Contact, contactProblems);
        if (details is null || contactProblems.Count > 0) return Decision.Refuse([.. problems, .. contactProblems]);

        // A form without a contact leaves the one given before: only a new contact replaces it.
        IEnumerable<object> given = contact is null || contact.Equals(trip.Contact)
            ? []
            : [new TripContactGiven(trip.Id, contact.Name, contact.Phone, actorId, now)];

        // A resubmitted form would otherwise throw away the approvals the unchanged request already has; a new contact
        // alone changes nothing that was approved.
        if (details.Equals(trip.Details))
            return given.Any()
                ? Decision.Accept([.. given])
                : Decision.Refuse(Problem.Conflict("trip.amendment_unchanged",
                    "The amended request is the same as the current one: nothing to change."));

        var amended = new TripRequestAmended(trip.Id, details, actorId, now);
        return Decision.Accept([amended, .. given, .. PolicyAnswer(trip.Id, policy.Evaluate(details, zone, calendar, sealings), policy, now)]);
    }

    /// <summary>Checks and parses every field of the form, reporting every bad one at once.</summary>
    public static (TripDetails? Details, IReadOnlyList<Problem> Problems) Validate(RequestTripForm form, DateTimeZone zone, Instant now)
    {
        var problems = new List<Problem>();

        var purpose = TripInput.Code(form.Purpose, "purpose", "trip.purpose_invalid", TripTerms.Purposes, required: true, problems);
        var purposeText = TextRules.Check(form.PurposeText, "purposeText", PurposeTextMaxLength, required: true, problems);
        var wantedClass = TripInput.Code(form.WantedClass, "wantedClass", "trip.vehicle_class_invalid", VehicleTerms.Classes,
            required: false, problems);
        var urgency = TripInput.Code(form.Urgency, "urgency", "trip.urgency_invalid", TripTerms.Urgencies, required: false, problems);
        var passengers = Passengers(form.Passengers, wantedClass, form.WithDriver, problems);
        var names = PassengerNames(form.PassengerNames, passengers, problems);
        var pickUp = TextRules.Check(form.PickUp, "pickUp", PlaceMaxLength, required: true, problems);
        var destinations = Destinations(form.Destinations, problems);
        Period(form.Start, form.End, zone, now, problems);

        if (problems.Count > 0) return (null, problems);

        return (new TripDetails(purpose!.Value, purposeText!, passengers!.Value, names!, pickUp!, destinations!,
            form.Start!.Value, form.End!.Value, wantedClass, form.WithDriver, urgency ?? TripUrgency.Normal, form.OutOfRegion), problems);
    }

    /// <summary>The events that record the policy's answer to a request as it now stands.</summary>
    private static IEnumerable<object> PolicyAnswer(Guid tripId, PolicyOutcome outcome, ApprovalPolicy policy, Instant now)
    {
        if (outcome.Levels > 0)
        {
            yield return ApprovalChain.IsUnitOnly(outcome.Steps)
                ? new TripApprovalRequired(tripId, outcome.Levels, policy.Version, outcome.Reasons, now)
                : new TripApprovalChainRequired(tripId, outcome.Steps, policy.Version, outcome.Reasons, now);
            yield break;
        }

        yield return new TripAutoApproved(tripId, policy.Version, outcome.Reasons, now);
        if (outcome.ReviewAfterwards) yield return new EmergencyTripFlaggedForReview(tripId, policy.Version, now);
    }

    /// <summary>
    /// The passengers must fit the wanted class: its largest vehicle, less the driver's seat when the pool
    /// provides the driver.
    /// </summary>
    private static int? Passengers(int? count, VehicleClass? wantedClass, bool withDriver, List<Problem> problems)
    {
        if (count is not { } passengers)
        {
            problems.Add(Problem.Required("passengers"));
            return null;
        }

        if (passengers < 1 || passengers > MaxPassengers)
        {
            problems.Add(Problem.Invalid("trip.passengers_out_of_range", "passengers",
                "A trip carries between 1 and {0} passengers; {1} were given.", MaxPassengers, passengers));
            return null;
        }

        if (wantedClass is { } wanted)
        {
            var seats = VehicleRegistration.SeatRange[wanted].Max - (withDriver ? 1 : 0);
            if (passengers > seats)
            {
                problems.Add(withDriver
                    ? Problem.Invalid("trip.passengers_exceed_class", "passengers",
                        "A {0} takes at most {1} passengers besides its driver; {2} were given.", wanted, seats, passengers)
                    : Problem.Invalid("trip.passengers_exceed_class_self_driven", "passengers",
                        "A {0} driven by one of its passengers takes at most {1} of them; {2} were given.", wanted, seats, passengers));
                return null;
            }
        }

        return passengers;
    }

    /// <summary>Names are optional (the passengers may not be known yet), but never more than the passengers.</summary>
    private static IReadOnlyList<string>? PassengerNames(IReadOnlyList<string?>? entries, int? passengers, List<Problem> problems)
    {
        var given = NonBlank(entries);
        var before = problems.Count;

        if (passengers is { } count && given.Count > count)
            problems.Add(Problem.Invalid("trip.too_many_passenger_names", "passengerNames",
                "{0} names were given for {1} passengers.", given.Count, count));

        var names = given.Select(e => TextRules.Check(e.Text, $"passengerNames[{e.Index}]", PassengerNameMaxLength, required: true, problems))
            .ToList();

        return problems.Count > before ? null : names.Select(n => n!).ToList();
    }

    private static IReadOnlyList<string>? Destinations(IReadOnlyList<string?>? entries, List<Problem> problems)
    {
        var given = NonBlank(entries);
        if (given.Count == 0)
        {
            problems.Add(Problem.Required("destinations"));
            return null;
        }

        var before = problems.Count;
        if (given.Count > MaxDestinations)
            problems.Add(Problem.Invalid("trip.too_many_destinations", "destinations",
                "A trip has at most {0} destinations; {1} were given. Request several trips instead.", MaxDestinations, given.Count));

        var destinations = given.Select(e => TextRules.Check(e.Text, $"destinations[{e.Index}]", PlaceMaxLength, required: true, problems))
            .ToList();

        return problems.Count > before ? null : destinations.Select(d => d!).ToList();
    }

    /// <summary>Blank entries are the empty rows a form leaves behind; they are skipped, keeping each entry's position for the field name.</summary>
    private static List<(string Text, int Index)> NonBlank(IReadOnlyList<string?>? entries) =>
        (entries ?? []).Select((text, index) => (Text: text, Index: index))
            .Where(e => !string.IsNullOrWhiteSpace(e.Text))
            .Select(e => (e.Text!, e.Index))
            .ToList();

    /// <summary>
    /// A request is for a future trip: one that has already started is recorded afterwards by the dispatch
    /// centre, not requested.
    /// </summary>
    private static void Period(Instant? start, Instant? end, DateTimeZone zone, Instant now, List<Problem> problems)
    {
        if (start is null) problems.Add(Problem.Required("start"));
        if (end is null) problems.Add(Problem.Required("end"));

        if (start is { } s && s <= now)
            problems.Add(Problem.Invalid("trip.start_not_in_future", "start",
                "A trip is requested before it starts: {0} is not after now ({1}).",
                TripInput.Format(s, zone), TripInput.Format(now, zone)));

        if (start is not { } from || end is not { } to) return;

        if (to <= from)
            problems.Add(Problem.Invalid("trip.ends_before_start", "end",
                "The return must come after the departure: return {0} is not after departure {1}.", TripInput.Format(to, zone), TripInput.Format(from, zone)));
        else if (to - from > MaxLength)
            problems.Add(Problem.Invalid("trip.too_long", "end",
                "A trip lasts at most {0} days; this one lasts {1} hours.", (int)MaxLength.TotalDays, (long)Math.Ceiling((to - from).TotalHours)));
    }
}
