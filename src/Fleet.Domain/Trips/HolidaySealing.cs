using System.Collections.Immutable;
using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>A sealing as the fleet admin fills it in: the first and last local day the pool's cars stay at base, and why.</summary>
public sealed record SealCarsForm(LocalDate? From, LocalDate? To, string? Reason);

/// <summary>Why a sealing ends early, as typed.</summary>
public sealed record LiftSealingForm(string? Reason);

/// <summary>
/// The pool's cars are sealed at base (节假日封存) from <see cref="From"/> to <see cref="To"/>, local days both included: a trip
/// on those days needs the pool office's exception, and a sealed car that moves is flagged. Stored as
/// <c>holiday_sealing_declared</c>.
/// </summary>
public sealed record HolidaySealingDeclared(Guid SealingId, LocalDate From, LocalDate To, string Reason, Instant At);

/// <summary>
/// A sealing no longer holds from the local day <see cref="From"/> on: ended before its last day, or withdrawn before it
/// starts (then <see cref="From"/> is its first day). Stored as <c>holiday_sealing_lifted</c>.
/// </summary>
public sealed record HolidaySealingLifted(Guid SealingId, LocalDate From, string Reason, Instant At);

/// <summary>One sealing of the pool's cars as declared.</summary>
public sealed record SealedPeriod(Guid Id, LocalDate From, LocalDate To, string Reason);

/// <summary>A sealing lifted: from which day on it no longer holds, and why.</summary>
public sealed record SealingLift(Guid SealingId, LocalDate From, string Reason);

/// <summary>
/// Every sealing of one pool, in one stream, so that two admins declaring overlapping sealings at once are serialised
/// by the stream's version. What the approval policy and the car-day check ask is <see cref="Seals"/>.
/// </summary>
public sealed record HolidaySealings(Guid Id, ImmutableList<SealedPeriod> Periods, ImmutableList<SealingLift> Lifts)
{
    /// <summary>The pool's sealings are kept in one stream of each pool, under this id.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-00000000a5ea");

    /// <summary>A pool that has never sealed its cars.</summary>
    public static HolidaySealings None { get; } = new(StreamId, [], []);

    /// <summary>The longest sealing: the longest public holiday with the weekends either side, and room for a typo's day.</summary>
    public const int LongestDays = 15;

    public static HolidaySealings From(HolidaySealingDeclared e) => None.When(e);

    public HolidaySealings When(HolidaySealingDeclared e) => this with { Periods = Periods.Add(new SealedPeriod(e.SealingId, e.From, e.To, e.Reason)) };

    public HolidaySealings When(HolidaySealingLifted e) => this with { Lifts = Lifts.Add(new SealingLift(e.SealingId, e.From, e.Reason)) };

    /// <summary>The lifting of a sealing, if it was lifted.</summary>
    public SealingLift? LiftOf(SealedPeriod period) => Lifts.FirstOrDefault(l => l.SealingId == period.Id);

    /// <summary>The last day the cars were or are sealed by <paramref name="period"/>; none when it was lifted before it started.</summary>
    public LocalDate? LastDayOf(SealedPeriod period) =>
        LiftOf(period) is { } lift ? (lift.From > period.From ? lift.From.PlusDays(-1) : null) : period.To;

    /// <summary>Whether any of the local days from <paramref name="first"/> to <paramref name="last"/> is sealed.</summary>
    public bool Seals(LocalDate first, LocalDate last) => Holding(first, last) is not null;

    public bool Seals(LocalDate day) => Seals(day, day);

    /// <summary>The sealing that holds on any of the days from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private SealedPeriod? Holding(LocalDate first, LocalDate last) =>
        Periods.FirstOrDefault(p => LastDayOf(p) is { } end && p.From <= last && end >= first);

    /// <summary>
    /// Seals the pool's cars over the days given. A sealing starts today at the earliest, lasts at most
    /// <see cref="LongestDays"/> days and overlaps no other that still holds: one sealing a day, so that lifting it frees the day.
    /// </summary>
    public Decision Declare(SealCarsForm form, Guid sealingId, LocalDate today, Instant now)
    {
        var problems = new List<Problem>();
        if (form.From is null) problems.Add(Problem.Required("from"));
        if (form.To is null) problems.Add(Problem.Required("to"));
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (form is { From: { } from, To: { } to })
        {
            if (to < from)
                problems.Add(Problem.Invalid("sealing.ends_before_start", "to", "The sealing ends on {0}, before it starts on {1}.", to, from));
            else if (Period.DaysBetween(from, to) + 1 > LongestDays)
                problems.Add(Problem.Invalid("sealing.too_long", "to", "A sealing lasts at most {0} days; {1} to {2} is {3}.",
                    LongestDays, from, to, Period.DaysBetween(from, to) + 1));
            if (from < today)
                problems.Add(Problem.Invalid("sealing.in_the_past", "from", "A sealing starts today ({0}) at the earliest, not on {1}.", today, from));
        }

        if (problems.Count > 0) return Decision.Refuse(problems);

        var (first, last) = (form.From!.Value, form.To!.Value);
        if (Holding(first, last) is { } overlapping)
            return Decision.Refuse(Problem.Conflict("sealing.overlaps",
                "The cars are already sealed from {0} to {1} ({2}): lift that sealing first, or choose other days.",
                overlapping.From, LastDayOf(overlapping)!.Value, overlapping.Reason));

        return Decision.Accept(new HolidaySealingDeclared(sealingId, first, last, reason!, now));
    }

    /// <summary>
    /// Ends a sealing from today on (the cars may leave today), or withdraws it before it starts; one that is over or
    /// lifted already stays as it is.
    /// </summary>
    public Decision Lift(Guid sealingId, LiftSealingForm form, LocalDate today, Instant now)
    {
        if (Periods.FirstOrDefault(p => p.Id == sealingId) is not { } period)
            return Decision.Refuse(Problem.NotFound("sealing.not_found", "There is no sealing {0} in this pool.", sealingId));
        if (LiftOf(period) is not null)
            return Decision.Refuse(Problem.Conflict("sealing.already_lifted", "The sealing from {0} to {1} is lifted already.", period.From, period.To));
        if (period.To < today)
            return Decision.Refuse(Problem.Conflict("sealing.over", "The sealing from {0} to {1} is over; it stays in the record as it was.", period.From, period.To));

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        return Decision.Accept(new HolidaySealingLifted(sealingId, LocalDate.Max(period.From, today), reason!, now));
    }
}
