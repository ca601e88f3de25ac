using System.Globalization;
using Fleet.Projections.Compliance;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Reports.Compliance;

/// <summary>
/// The pools' flagged records of a period, read from their period index: counted by kind in the database, and one
/// page of flags found without reading the records before it. A year of a large pool is some fifty thousand records;
/// neither query sends more than a page of them.
/// </summary>
/// <param name="unitCode">Only the records of trips for this unit.</param>
/// <param name="search">Part of a dispatch order number or a plate, as a supervisor has it at hand.</param>
internal sealed class FlaggedRecordQuery(IQuerySession session, IReadOnlyList<string> pools, Interval period, string? unitCode = null, string? search = null)
{
    private readonly string table = DocumentTable.Of<FlaggedRecord>(session).Name;

    public sealed record Row(string Pool, string Id, int Kinds);

    private const string At = FlaggedRecordMapping.At;
    private const string Kinds = FlaggedRecordMapping.Kinds;

    // One pool's records are read in the order of its index; several pools' must be sorted. A unit and a search narrow
    // the range the index gives: they read the records' own data, never the lines behind them.
    private string Where =>
        (pools.Count == 1 ? $"tenant_id = ? and {At} >= ? and {At} < ?" : $"tenant_id = any(?) and {At} >= ? and {At} < ?")
        + (unitCode is null ? "" : " and data ->> 'unitCode' = ?")
        + (search is null ? "" : " and (" + string.Join(" or ", FlaggedRecordMapping.Searched.Select(s => SearchText.Contains(s.Expression, "?"))) + ")");

    private object[] Parameters =>
    [
        pools.Count == 1 ? pools[0] : pools.ToArray(), period.Start.ToDateTimeOffset(), period.End.ToDateTimeOffset(),
        .. unitCode is null ? Array.Empty<object>() : [unitCode],
        .. search is null ? Array.Empty<object>() : FlaggedRecordMapping.Searched.Select(_ => (object)search),
    ];

    public async Task<IReadOnlyDictionary<ComplianceFlagKind, int>> CountAsync(CancellationToken cancellation)
    {
        // One text column per row: Marten reads several columns only as nested rows.
        var rows = await session.AdvancedSql.QueryAsync<string>($"select {Kinds} || ' ' || count(*) from {table} where {Where} group by {Kinds}",
            cancellation, Parameters);
        return rows.Select(row => row.Split(' ')).SelectMany(cells => FlaggedRecord.KindsIn(Int(cells[0])).Select(kind => (Kind: kind, Count: Int(cells[1]))))
            .GroupBy(c => c.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
    }

    /// <summary>
    /// The page's flags (of one kind, or all), in the order the records happened and, within a record, of their kinds.
    /// A record carries one flag or several: the database counts the flags up to each record and returns the records
    /// the page starts and ends in, and those between.
    /// </summary>
    public async Task<IReadOnlyList<(Row Record, ComplianceFlagKind Kind)>> PageAsync(ComplianceFlagKind? kind, Paging paging, CancellationToken cancellation)
    {
        var mask = kind is { } one ? FlaggedRecord.Bit(one) : -1;
        var skip = (long)(paging.PageNumber - 1) * paging.PageSize;
        var order = pools.Count == 1 ? $"{At}, id" : $"{At}, tenant_id, id";
        // No record holds fewer than one flag, so the page ends within the first skip + size records: only those are read.
        // The limit is written out, so that the planner knows how far the index will be read.
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"""
             select before || ' ' || {Kinds} || ' ' || tenant_id || ' ' || id from (
               select tenant_id, id, {Kinds}, {At}, flags, sum(flags) over (order by {order} rows unbounded preceding) - flags as before from (
                 select tenant_id, id, {Kinds}, {At}, bit_count(({Kinds} & {mask})::bit(32))::int as flags from {table}
                 where {Where} and {Kinds} & {mask} <> 0 order by {order} limit {skip + paging.PageSize}) firsts) counted
             where before + flags > ?
             order by {order}
             """,
            cancellation, [.. Parameters, skip]);

        return rows.Select(row => row.Split(' '))
            .SelectMany(cells =>
            {
                var record = new Row(cells[2], cells[3], Int(cells[1]) & mask);
                return FlaggedRecord.KindsIn(record.Kinds).Select((k, i) => (Position: long.Parse(cells[0], CultureInfo.InvariantCulture) + i, Flag: (record, k)));
            })
            .Where(f => f.Position >= skip && f.Position < skip + paging.PageSize).Select(f => f.Flag).ToList();
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
