using System.Collections.Immutable;
using Fleet.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Settlement;

/// <summary>Which month of which unit the pool's fleet admin settles, as typed: the unit's code and the month as 2026-10.</summary>
public sealed record IssueStatementForm(string? Unit, string? Month);

/// <summary>The version of the statement the unit read and confirms: a newer one may have replaced it since.</summary>
public sealed record ConfirmStatementForm(int? Version);

/// <summary>The version the unit read and disputes, and why.</summary>
public sealed record DisputeStatementForm(int? Version, string? Reason);

/// <summary>The version the fleet admin read and replaces with a new one, and why.</summary>
public sealed record CorrectStatementForm(int? Version, string? Reason);

/// <summary>
/// The pool's fleet admin issued the unit's statement (结算单) of <see cref="Month"/> (2026-10): a line for each trip of the
/// unit closed in that month (local dates), charged by rate card <see cref="RateCardVersion"/>. Its version is 1. Stored as
/// <c>statement_issued</c>.
/// </summary>
public sealed record StatementIssued(Guid StatementId, string UnitCode, string Month, int Version, int RateCardVersion,
    IReadOnlyList<ChargeLine> Lines, decimal Total, Guid IssuedBy, Instant At);

/// <summary>
/// The fleet admin replaced version <see cref="Supersedes"/> of the statement with <see cref="Version"/>, charged again
/// from the trips and the rate card as they now are; the old version stays on record as it was. Stored as
/// <c>statement_corrected</c>.
/// </summary>
public sealed record StatementCorrected(Guid StatementId, int Version, int Supersedes, int RateCardVersion, IReadOnlyList<ChargeLine> Lines,
    decimal Total, string Reason, Guid CorrectedBy, Instant At);

/// <summary>The unit (its head or an approver) accepted version <see cref="Version"/> as what it owes. Stored as <c>statement_confirmed</c>.</summary>
public sealed record StatementConfirmed(Guid StatementId, int Version, Guid ConfirmedBy, Instant At);

/// <summary>The unit does not accept version <see cref="Version"/>, and says why. Stored as <c>statement_disputed</c>.</summary>
public sealed record StatementDisputed(Guid StatementId, int Version, string Reason, Guid DisputedBy, Instant At);

/// <summary>Where one version of a statement stands.</summary>
public enum StatementStatus
{
    /// <summary>Waiting for the unit's answer.</summary>
    Issued,

    /// <summary>The unit accepted it.</summary>
    Confirmed,

    /// <summary>The unit disputed it; the fleet admin corrects it.</summary>
    Disputed,

    /// <summary>A newer version replaced it.</summary>
    Superseded,
}

/// <summary>One version of a statement as issued, and the unit's answer to it.</summary>
public sealed record StatementVersion(int Version, int RateCardVersion, ImmutableList<ChargeLine> Lines, decimal Total, Guid IssuedBy,
    Instant IssuedAt, string? CorrectionReason, StatementStatus Status, Guid? AnsweredBy = null, Instant? AnsweredAt = null,
    string? DisputeReason = null);

/// <summary>
/// A unit's statement of one month, in a stream of its own (<see cref="StreamIdOf"/>): every version ever issued, the last
/// one the one that counts. Nothing is edited: a correction is a new version.
/// </summary>
public sealed record UnitStatement(Guid Id, string UnitCode, string Month, ImmutableList<StatementVersion> Versions)
{
    public static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM");

    /// <summary>The stream of a unit's month: the same unit and month always give the same id, so that a month is issued once.</summary>
    public static Guid StreamIdOf(string unitCode, string month) => NamedStreamIds.Of($"statement:{unitCode}:{month}");

    public StatementVersion Current => Versions[^1];

    public static UnitStatement From(StatementIssued e) => new(e.StatementId, e.UnitCode, e.Month,
        [new StatementVersion(e.Version, e.RateCardVersion, [.. e.Lines], e.Total, e.IssuedBy, e.At, null, StatementStatus.Issued)]);

    public UnitStatement When(StatementCorrected e) => this with
    {
        Versions = Versions.SetItem(Versions.Count - 1, Current with { Status = StatementStatus.Superseded })
            .Add(new StatementVersion(e.Version, e.RateCardVersion, [.. e.Lines], e.Total, e.CorrectedBy, e.At, e.Reason, StatementStatus.Issued)),
    };

    public UnitStatement When(StatementConfirmed e) => Answered(e.Version, StatementStatus.Confirmed, e.ConfirmedBy, e.At, null);

    public UnitStatement When(StatementDisputed e) => Answered(e.Version, StatementStatus.Disputed, e.DisputedBy, e.At, e.Reason);

    private UnitStatement Answered(int version, StatementStatus status, Guid by, Instant at, string? reason) => this with
    {
        Versions = [.. Versions.Select(v => v.Version == version ? v with { Status = status, AnsweredBy = by, AnsweredAt = at, DisputeReason = reason } : v)],
    };
}

/// <summary>The decisions on a unit's monthly statement (docs/settlement.md).</summary>
public static class UnitStatements
{
    /// <summary>The month typed as 2026-10, or the problem with it.</summary>
    public static LocalDate? MonthOf(string? month, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            problems.Add(Problem.Required("month"));
            return null;
        }
        var parsed = UnitStatement.MonthPattern.Parse(month.Trim());
        if (parsed.Success) return parsed.Value;
        problems.Add(Problem.Invalid("statement.month_invalid", "month", "The month is written as 2026-10; {0} is not one.", month));
        return null;
    }

    /// <summary>
    /// Issues the unit's first statement of a month that is over: a line for each of <paramref name="trips"/> (the unit's trips
    /// closed in that month) by <paramref name="card"/>. A month with no trips is issued too, with nothing to pay, so the
    /// unit sees it was settled; either way a month is issued once and corrected afterwards.
    /// </summary>
    public static Decision Issue(UnitStatement? current, string unitCode, LocalDate month, IReadOnlyList<ClosedTrip> trips, RateCard card, Guid by,
        LocalDate today, Instant now)
    {
        var text = UnitStatement.MonthPattern.Format(month);
        if (month.PlusMonths(1) > today)
            return Decision.Refuse(Problem.Invalid("statement.month_not_over", "month",
                "The month {0} is not over yet: its statement is issued from {1} on.", text, month.PlusMonths(1)));
        if (current is not null)
            return Decision.Refuse(Problem.Conflict("statement.already_issued",
                "The statement of {0} for {1} is issued already (version {2}): correct it instead.", unitCode, text, current.Current.Version));

        var (lines, refused) = Charged(trips, card);
        if (refused.Count > 0) return Decision.Refuse(refused);
        return Decision.Accept(new StatementIssued(UnitStatement.StreamIdOf(unitCode, text), unitCode, text, 1, card.Version, lines,
            lines.Sum(l => l.Total), by, now));
    }

    /// <summary>
    /// Replaces the statement's current version (the one the admin read) with one charged again from the trips and the card as
    /// they are now. A confirmed statement is settled and stays; a correction that changes nothing is refused, so that every
    /// version the unit is asked about differs from the one before.
    /// </summary>
    public static Decision Correct(UnitStatement current, CorrectStatementForm form, IReadOnlyList<ClosedTrip> trips, RateCard card, Guid by, Instant now)
    {
        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (Stale(current, form.Version!.Value) is { } stale) return Decision.Refuse(stale);
        if (current.Current.Status == StatementStatus.Confirmed)
            return Decision.Refuse(Problem.Conflict("statement.confirmed",
                "Version {0} of the statement was confirmed by the unit: a settled statement stays as it is.", current.Current.Version));

        var (lines, refused) = Charged(trips, card);
        if (refused.Count > 0) return Decision.Refuse(refused);
        if (card.Version == current.Current.RateCardVersion && lines.SequenceEqual(current.Current.Lines))
            return Decision.Refuse(Problem.Conflict("statement.correction_changes_nothing",
                "Charged again, version {0} comes out the same: correct the trips or the rate card first.", current.Current.Version));
        return Decision.Accept(new StatementCorrected(current.Id, current.Current.Version + 1, current.Current.Version, card.Version, lines,
            lines.Sum(l => l.Total), reason!, by, now));
    }

    /// <summary>The unit accepts the version it read, if that is still the current one and nobody answered it yet.</summary>
    public static Decision Confirm(UnitStatement current, ConfirmStatementForm form, Guid by, Instant now)
    {
        if (form.Version is not { } version) return Decision.Refuse(Problem.Required("version"));
        return Answerable(current, version) is { } refused ? Decision.Refuse(refused) : Decision.Accept(new StatementConfirmed(current.Id, version, by, now));
    }

    /// <summary>The unit disputes the version it read, with its reason; the fleet admin answers with a correction.</summary>
    public static Decision Dispute(UnitStatement current, DisputeStatementForm form, Guid by, Instant now)
    {
        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        return Answerable(current, form.Version!.Value) is { } refused
            ? Decision.Refuse(refused)
            : Decision.Accept(new StatementDisputed(current.Id, form.Version!.Value, reason!, by, now));
    }

    private static Problem? Answerable(UnitStatement current, int version) =>
        Stale(current, version) ?? (current.Current.Status != StatementStatus.Issued
            ? Problem.Conflict("statement.already_answered", "Version {0} of the statement is {1} already.", version, current.Current.Status)
            : null);

    private static Problem? Stale(UnitStatement current, int version) =>
        current.Versions.Any(v => v.Version == version)
            ? version == current.Current.Version
                ? null
                : Problem.Conflict("statement.superseded", "Version {0} of the statement was replaced by version {1}: read the current one.",
                    version, current.Current.Version)
            : Problem.Invalid("statement.version_unknown", "version", "The statement has no version {0}; the current one is {1}.", version,
                current.Current.Version);

    private static (IReadOnlyList<ChargeLine> Lines, IReadOnlyList<Problem> Problems) Charged(IReadOnlyList<ClosedTrip> trips, RateCard card)
    {
        var charged = trips.OrderBy(t => t.ReturnedAt).ThenBy(t => t.TripId).Select(t => Charging.Charge(t, card)).ToList();
        // A class missing from the card is named once, however many trips it has.
        var problems = charged.Where(c => c.Problem is not null).Select(c => c.Problem!).DistinctBy(p => p.Args[1]).ToList();
        return ([.. charged.Where(c => c.Line is not null).Select(c => c.Line!)], problems);
    }
}
