using Fleet.Domain.Vehicles;

namespace Fleet.Domain.Settlement;

/// <summary>What one unit or one class of car cost over the statements read: trips, kilometres, yuan, and yuan per km.</summary>
public sealed record CostLine(string Key, int Trips, decimal Kilometres, decimal Total)
{
    /// <summary>Yuan per kilometre to the fen; none where nothing was driven.</summary>
    public decimal? PerKm => Kilometres == 0 ? null : Money.Fen(Total / Kilometres);
}

/// <summary>
/// The cost of the trips settled in a period, per unit and per class of car, from the current version of each statement
/// (whatever the unit answered: a disputed one counts until it is corrected).
/// </summary>
public sealed record SettledCosts(IReadOnlyList<CostLine> Units, IReadOnlyList<CostLine> Classes, CostLine All)
{
    public static SettledCosts Of(IEnumerable<UnitStatement> statements)
    {
        var current = statements.Select(s => (s.UnitCode, s.Current)).ToList();
        var lines = current.SelectMany(s => s.Current.Lines.Select(l => (s.UnitCode, Line: l))).ToList();
        static CostLine Sum(string key, IEnumerable<ChargeLine> lines) =>
            lines.Aggregate(new CostLine(key, 0, 0m, 0m), (sum, l) => sum with { Trips = sum.Trips + 1, Kilometres = sum.Kilometres + l.Kilometres, Total = sum.Total + l.Total });
        return new SettledCosts(
            [.. lines.GroupBy(l => l.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g.Select(l => l.Line)))],
            [.. lines.GroupBy(l => l.Line.Class).OrderBy(g => g.Key).Select(g => Sum(g.Key.ToString(), g.Select(l => l.Line)))],
            Sum("", lines.Select(l => l.Line)));
    }
}
