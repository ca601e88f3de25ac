using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    private readonly Dictionary<Guid, TripFinished> _finished = [];
    private readonly Dictionary<(string Unit, LocalDate Month), List<ClosedTrip>> _closed = [];
    private readonly Dictionary<string, RateCard> _rateCards = [];
    private readonly Dictionary<(string Unit, LocalDate Month), UnitStatement> _statements = [];

    /// <summary>
    /// Each pool's fleet admin sets a rate card the day before the history starts and a cheaper one halfway through; the
    /// statements of every month over are issued on the 2nd of the next month, except the last one, which is left for the
    /// admin to issue. Most are confirmed by the unit's head within days; a few of the months before the new card are
    /// disputed and corrected by it, then confirmed. Every choice is by the unit and the month, not by the seed, and every
    /// command has its own correlation id, so that the rest of the city stays as the seed made it.
    /// </summary>
    private void PlanSettlement(PoolState pool)
    {
        var first = HistoryStart.InZone(_zone).Date;
        var admin = pool.Staff[Role.FleetAdmin];
        At(HistoryStart - Duration.FromDays(1), at => ChangeRates(pool, admin, 1, at));

        var months = MonthsOver(first);
        if (months.Count == 0) return;
        var change = first.With(DateAdjusters.StartOfMonth).PlusMonths(Math.Max(2, _size.Months / 2));
        var changeAt = Local(change, 9, 0);
        if (_size.Months >= 4) At(changeAt, at => ChangeRates(pool, admin, 2, at));

        foreach (var month in months)
        {
            var issueAt = Local(month.PlusMonths(1).PlusDays(1), 10, 0);
            var disputable = _size.Months >= 4 && month.PlusMonths(2) <= change && month >= change.PlusMonths(-3);
            At(issueAt, at =>
            {
                foreach (var unit in pool.Units) Issue(pool, unit, month, admin, at);
            });
            foreach (var unit in pool.Units)
            {
                var disputes = disputable && Stable(unit.Code, month) % 4 == 0;
                At(issueAt + Duration.FromDays(3) + Duration.FromHours(Stable(unit.Code, month) % 5), at =>
                {
                    if (!_statements.TryGetValue((unit.Code, month), out var statement)) return;
                    if (disputes && statement.Current.Lines.Count > 0)
                        DecideStatement(pool, unit, month, UnitStatements.Dispute(statement, new DisputeStatementForm(1, DisputeReasons[Stable(unit.Code, month) % DisputeReasons.Length]),
                            unit.Head.UserId!.Value, at), at, unit.Head, "disputed");
                    else
                        DecideStatement(pool, unit, month, UnitStatements.Confirm(statement, new ConfirmStatementForm(1), unit.Head.UserId!.Value, at), at, unit.Head, "confirmed");
                });
                if (!disputes) continue;
                At(changeAt + Duration.FromDays(1), at =>
                {
                    if (!_statements.TryGetValue((unit.Code, month), out var statement) || statement.Current.Status != StatementStatus.Disputed) return;
                    DecideStatement(pool, unit, month, UnitStatements.Correct(statement, new CorrectStatementForm(1, "按新版费率表重新计费"), TripsOf(unit.Code, month),
                        _rateCards[pool.Pool.Code], admin.UserId!.Value, at), at, admin, "corrected");
                });
                At(changeAt + Duration.FromDays(3), at =>
                {
                    if (_statements.TryGetValue((unit.Code, month), out var statement) && statement.Current is { Version: 2, Status: StatementStatus.Issued })
                        DecideStatement(pool, unit, month, UnitStatements.Confirm(statement, new ConfirmStatementForm(2), unit.Head.UserId!.Value, at), at, unit.Head, "confirmed-2");
                });
            }
        }
    }

    private static readonly string[] DisputeReasons =
    [
        "本月有行程为本单位自驾，不应收取驾驶员费用", "请按新版费率表计费", "部分行程的等候时间计算有误",
    ];

    /// <summary>The months whose first day is in the history and that are over before the history ends, without the last of them.</summary>
    private List<LocalDate> MonthsOver(LocalDate first)
    {
        var end = _end.InZone(_zone).Date;
        var months = new List<LocalDate>();
        for (var month = first.With(DateAdjusters.StartOfMonth).PlusMonths(first.Day == 1 ? 0 : 1); month.PlusMonths(1) <= end; month = month.PlusMonths(1))
            months.Add(month);
        return months.Count > 0 ? months[..^1] : months;
    }

    /// <summary>A number from the unit and the month alone: the same city gives the same answers.</summary>
    private static int Stable(string unit, LocalDate month) => unchecked(unit.Aggregate(month.Year * 12 + month.Month, (h, c) => h * 31 + c)) & int.MaxValue;

    /// <summary>The city pool charges a little more: its cars are larger and its trips longer.</summary>
    private void ChangeRates(PoolState pool, DemoActor admin, int version, Instant at)
    {
        var factor = (pool.Pool.IsCity ? 1.2m : 1m) * (version == 1 ? 1m : 0.9m);
        decimal Yuan(decimal amount) => Money.Fen(amount * factor);
        var form = new ChangeRateCardForm(version,
        [
            new ClassRateForm(VehicleClass.Sedan, Yuan(1.8m), Yuan(45m), Yuan(160m), Yuan(280m), Yuan(30m), Yuan(100m)),
            new ClassRateForm(VehicleClass.Mpv, Yuan(2.4m), Yuan(60m), Yuan(210m), Yuan(360m), Yuan(35m), Yuan(110m)),
            new ClassRateForm(VehicleClass.Minibus, Yuan(3.5m), Yuan(85m), Yuan(300m), Yuan(520m), Yuan(40m), Yuan(120m)),
            new ClassRateForm(VehicleClass.Bus, Yuan(5m), Yuan(120m), Yuan(420m), Yuan(760m), Yuan(50m), Yuan(150m)),
            new ClassRateForm(VehicleClass.Special, Yuan(4m), Yuan(100m), Yuan(360m), Yuan(640m), Yuan(45m), Yuan(140m)),
        ]);
        var card = _rateCards.GetValueOrDefault(pool.Pool.Code, RateCard.None);
        if (Record(pool, RateCard.StreamId, DemoStream.RateCard, card.Change(form, admin.UserId!.Value, at), at, admin,
                $"rates-{pool.Pool.Code}-{version}") is { } events)
            _rateCards[pool.Pool.Code] = events.Aggregate(card, (c, e) => c.Evolve(e));
    }

    private void Issue(PoolState pool, UnitState unit, LocalDate month, DemoActor admin, Instant at)
    {
        var decision = UnitStatements.Issue(null, unit.Code, month, TripsOf(unit.Code, month), _rateCards.GetValueOrDefault(pool.Pool.Code, RateCard.None),
            admin.UserId!.Value, at.InZone(_zone).Date, at);
        var text = UnitStatement.MonthPattern.Format(month);
        if (Record(pool, UnitStatement.StreamIdOf(unit.Code, text), DemoStream.Statement, decision, at, admin, $"statement-{unit.Code}-{text}-issued") is { } events)
            _statements[(unit.Code, month)] = UnitStatement.From((StatementIssued)events[0]);
    }

    private void DecideStatement(PoolState pool, UnitState unit, LocalDate month, Decision decision, Instant at, DemoActor actor, string step)
    {
        var statement = _statements[(unit.Code, month)];
        var text = UnitStatement.MonthPattern.Format(month);
        if (Record(pool, statement.Id, DemoStream.Statement, decision, at, actor, $"statement-{unit.Code}-{text}-{step}") is { } events)
            _statements[(unit.Code, month)] = events.Aggregate(statement, (s, e) => s.Evolve(e));
    }

    private IReadOnlyList<ClosedTrip> TripsOf(string unit, LocalDate month) => _closed.TryGetValue((unit, month), out var trips) ? trips : [];

    /// <summary>What settlement keeps of a trip's events as they are decided: its costs when finished, the trip itself once closed.</summary>
    private void Settle(Trip trip, IReadOnlyList<object> events)
    {
        foreach (var e in events)
        {
            if (e is TripFinished finished) _finished[trip.Id] = finished;
            if (e is not TripClosed closed || !_finished.Remove(trip.Id, out var costs) || ClosedTrip.Of(trip, costs) is not { } charged) continue;
            var month = closed.At.InZone(_zone).Date.With(DateAdjusters.StartOfMonth);
            if (!_closed.TryGetValue((trip.UnitCode, month), out var list)) _closed[(trip.UnitCode, month)] = list = [];
            list.Add(charged);
        }
    }
}
