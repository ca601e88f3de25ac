using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>The requester's confirmation of a finished trip, with the rating they may give in the same step.</summary>
public sealed record ConfirmTripForm(int? Stars, string? Comment);

/// <summary>What the requester says is wrong with a finished trip's record: the items, in English or Chinese, and the details.</summary>
public sealed record DisputeTripForm(IReadOnlyList<string>? Items, string? Details);

/// <summary>The requester's rating of a trip, from 1 to 5 stars, with an optional comment.</summary>
public sealed record RateTripForm(int? Stars, string? Comment);

/// <summary>
/// The requester's decisions on a finished trip: confirm the record, dispute it, rate the trip; and the closing
/// of a record nobody answered for. Only the requester answers for the trip: they are the one who was driven.
/// </summary>
public static class TripClosing
{
    public const int CommentMaxLength = 500;
    public const int DisputeDetailsMaxLength = 1000;
    public const int MinStars = 1;
    public const int MaxStars = 5;

    /// <summary>How long a requester has after the car is back to confirm or dispute before the record closes by itself.</summary>
    public static readonly Duration AutoCloseAfter = Duration.FromDays(3);

    /// <summary>The Chinese terms of the closing form, accepted on input alongside the English names.</summary>
    public static readonly IReadOnlyDictionary<DisputedItem, string> DisputeTerms = new Dictionary<DisputedItem, string>
    {
        [DisputedItem.Times] = "时间",
        [DisputedItem.Odometer] = "里程",
        [DisputedItem.Costs] = "费用",
    };

    /// <summary>
    /// The requester confirms the record and so closes it, rating the trip in the same step if they wish. A
    /// trip already disputed can still be confirmed (the requester may have settled the discrepancy with the
    /// pool); the dispute stays on record.
    /// </summary>
    public static Decision Confirm(Trip trip, Guid actorId, ConfirmTripForm form, Instant now)
    {
        if (actorId != trip.RequestedBy) return Decision.Refuse(TripProblems.NotRequester());
        if (NotAnswerable(trip) is { } refused) return Decision.Refuse(refused);
        var rates = form.Stars is not null || !string.IsNullOrWhiteSpace(form.Comment);
        if (rates && trip.Stars is { } stars) return Decision.Refuse(AlreadyRated(stars));

        var problems = new List<Problem>();
        var rating = rates ? Rating(trip, actorId, form.Stars, form.Comment, now, problems) : null;
        if (problems.Count > 0) return Decision.Refuse(problems);

        var confirmed = new TripCompletionConfirmed(trip.Id, actorId, now);
        var closed = new TripClosed(trip.Id, TripClosure.Confirmed, now);
        return rating is null ? Decision.Accept(confirmed, closed) : Decision.Accept(confirmed, rating, closed);
    }

    /// <summary>
    /// The requester says the record is not what happened. The record stays as the driver made it and the
    /// dispute stands beside it for the supervisor, so one dispute says everything: a trip is disputed once.
    /// </summary>
    public static Decision Dispute(Trip trip, Guid actorId, DisputeTripForm form, Instant now)
    {
        if (actorId != trip.RequestedBy) return Decision.Refuse(TripProblems.NotRequester());
        if (NotAnswerable(trip) is { } refused) return Decision.Refuse(refused);
        if (trip.Disputed)
            return Decision.Refuse(Problem.Conflict("trip.already_disputed", "You have already disputed this trip's record."));

        var problems = new List<Problem>();
        var items = DisputedItems(form.Items, problems);
        var details = TextRules.Check(form.Details, "details", DisputeDetailsMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripDisputed(trip.Id, actorId, items!, details!, now));
    }

    /// <summary>The requester rates the trip, once, before or after the record is closed.</summary>
    public static Decision Rate(Trip trip, Guid actorId, RateTripForm form, Instant now)
    {
        if (actorId != trip.RequestedBy) return Decision.Refuse(TripProblems.NotRequester());
        if (trip.Status is not (TripStatus.Completed or TripStatus.Closed)) return Decision.Refuse(NotCompleted(trip.Status));
        if (trip.Stars is { } stars) return Decision.Refuse(AlreadyRated(stars));

        var problems = new List<Problem>();
        var rating = Rating(trip, actorId, form.Stars, form.Comment, now, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(rating!);
    }

    /// <summary>
    /// Run by the message scheduled for <paramref name="after"/> past the return: closes a record its requester
    /// left unanswered. A disputed record is closed too; the dispute stays on record for the supervisor. Once
    /// the trip is closed the message is stale and nothing happens.
    /// </summary>
    public static Decision AutoClose(Trip trip, Instant now, Duration after) =>
        trip.Status == TripStatus.Completed && trip.ReturnedAt is { } returnedAt && now >= returnedAt + after
            ? Decision.Accept(new TripClosed(trip.Id, TripClosure.Automatically, now))
            : Decision.Accept();

    /// <summary>Null while the requester can still confirm or dispute the record.</summary>
    private static Problem? NotAnswerable(Trip trip) => trip.Status switch
    {
        TripStatus.Completed => null,
        TripStatus.Closed => Problem.Conflict("trip.already_closed", "This trip is closed: its record is final."),
        _ => NotCompleted(trip.Status),
    };

    /// <summary>A comment needs stars to go with: the rating is what the comment explains.</summary>
    private static TripRated? Rating(Trip trip, Guid actorId, int? stars, string? comment, Instant now, List<Problem> problems)
    {
        var before = problems.Count;
        if (stars is null)
            problems.Add(Problem.Required("stars"));
        else if (stars is < MinStars or > MaxStars)
            problems.Add(Problem.Invalid("trip.stars_out_of_range", "stars",
                "A rating is from {0} to {1} stars; {2} was given.", MinStars, MaxStars, stars));
        var text = TextRules.Check(comment, "comment", CommentMaxLength, required: false, problems);

        return problems.Count > before ? null : new TripRated(trip.Id, actorId, stars!.Value, text, now);
    }

    /// <summary>
    /// The items in their order of declaration, each once; blank entries are the empty rows a form leaves
    /// behind and are skipped.
    /// </summary>
    private static IReadOnlyList<DisputedItem>? DisputedItems(IReadOnlyList<string>? entries, List<Problem> problems)
    {
        var given = (entries ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        if (given.Count == 0)
        {
            problems.Add(Problem.Required("items"));
            return null;
        }

        var items = new SortedSet<DisputedItem>();
        var unknown = new List<string>();
        foreach (var entry in given)
        {
            if (CodeList.TryParse(entry, DisputeTerms, out DisputedItem item)) items.Add(item);
            else unknown.Add(entry.Trim());
        }

        foreach (var entry in unknown.Distinct())
            problems.Add(Problem.Invalid("trip.dispute_item_unknown", "items",
                "'{0}' is not part of a trip's record that can be disputed: use one of {1}.",
                TripInput.Truncate(entry), CodeList.Describe<DisputedItem>()));

        return unknown.Count > 0 ? null : items.ToList();
    }

    private static Problem NotCompleted(TripStatus status) => Problem.Conflict("trip.not_completed",
        "This trip is {0}: only a completed trip can be confirmed, disputed or rated.", status);

    private static Problem AlreadyRated(int stars) => Problem.Conflict("trip.already_rated",
        "You have already rated this trip: {0} of {1} stars.", stars, MaxStars);
}
