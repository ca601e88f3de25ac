using System.Collections.Concurrent;
using System.Globalization;
using Fleet.Server.Infrastructure.Database;
using Npgsql;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// The days of <see cref="PositionTable"/>: one partition per local day, from the local midnight to the next, named by
/// the day (<c>fleet_positions_p20261204</c>). Made a few days ahead, made on demand for a late batch of a day not made
/// yet, and dropped whole once older than <see cref="PositionSettings.RetainDays"/>. Every node may do all of it at
/// once: creating is "if not exists" and a lost race to create is ignored. With cities in databases of their own (ADR 025)
/// each database has its own table and days.
/// </summary>
public sealed class PositionPartitions(FleetDatabases databases, IDocumentStore store, DateTimeZone zone, PositionSettings settings,
    ILogger<PositionPartitions> logger)
{
    private const string Prefix = PositionTable.Name + "_p";

    private readonly string _schema = store.Options.DatabaseSchemaName;
    private readonly ConcurrentDictionary<(FleetDatabase, LocalDate), bool> _made = new();

    public string Table => $"{_schema}.{PositionTable.Name}";

    /// <summary>The local day a fix belongs to, and so the partition it is kept in.</summary>
    public LocalDate DayOf(Instant at) => at.InZone(zone).Date;

    /// <summary>The first instant still kept: the start of the oldest local day within the retention.</summary>
    public Instant KeptSince(Instant now) => DayOf(now).PlusDays(-settings.RetainDays + 1).AtStartOfDayInZone(zone).ToInstant();

    /// <summary>Makes the partitions of the days named that are not made yet; a day made once is remembered until it is dropped.</summary>
    public async Task EnsureAsync(FleetDatabase database, IEnumerable<LocalDate> days, CancellationToken cancellation)
    {
        foreach (var day in days.Distinct())
        {
            if (_made.ContainsKey((database, day))) continue;
            await CreateAsync(database, day, cancellation);
            _made[(database, day)] = true;
        }
    }

    /// <summary>
    /// What a node does once an hour: yesterday to <see cref="PositionSettings.DaysAhead"/> days ahead made, and every day
    /// before the retention dropped. Answers the days dropped.
    /// </summary>
    public async Task<IReadOnlyList<LocalDate>> RollAsync(Instant now, CancellationToken cancellation)
    {
        // One city's database down leaves the others' days made and dropped all the same.
        var dropped = new List<LocalDate>();
        DatabaseUnavailable.Raise(await DatabaseUnavailable.EachAsync(databases.All(),
            async each => dropped.AddRange(await RollAsync(each.Database, now, cancellation)), cancellation));
        return dropped.Distinct().Order().ToList();
    }

    private async Task<IReadOnlyList<LocalDate>> RollAsync(FleetDatabase database, Instant now, CancellationToken cancellation)
    {
        var today = DayOf(now);
        await EnsureAsync(database, Enumerable.Range(-1, settings.DaysAhead + 2).Select(today.PlusDays), cancellation);

        var oldestKept = DayOf(KeptSince(now));
        var dropped = new List<LocalDate>();
        foreach (var day in (await DaysAsync(database, cancellation)).Where(d => d < oldestKept))
        {
            await using var drop = database.DataSource.CreateCommand($"drop table if exists {_schema}.{Name(day)}");
            await drop.ExecuteNonQueryAsync(cancellation);
            _made.TryRemove((database, day), out _);
            dropped.Add(day);
        }

        if (dropped.Count > 0)
            logger.LogInformation("Dropped the positions of {Count} day(s) past the retention of {Days} days, up to {Last}", dropped.Count,
                settings.RetainDays, dropped[^1]);
        return dropped;
    }

    /// <summary>The days that have a partition in the main database, oldest first.</summary>
    public Task<IReadOnlyList<LocalDate>> DaysAsync(CancellationToken cancellation) => DaysAsync(databases.Main, cancellation);

    /// <summary>The days that have a partition in <paramref name="database"/>, oldest first.</summary>
    public async Task<IReadOnlyList<LocalDate>> DaysAsync(FleetDatabase database, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand("""
            select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            join pg_class p on p.oid = i.inhparent
            join pg_namespace n on n.oid = p.relnamespace
            where n.nspname = $1 and p.relname = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = _schema });
        command.Parameters.Add(new NpgsqlParameter { Value = PositionTable.Name });
        var days = new List<LocalDate>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var name = reader.GetString(0);
            // A partition someone made by hand under another name is left alone.
            if (name.StartsWith(Prefix, StringComparison.Ordinal) &&
                DateTime.TryParseExact(name[Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                days.Add(LocalDate.FromDateTime(date));
        }

        days.Sort();
        return days;
    }

    private async Task CreateAsync(FleetDatabase database, LocalDate day, CancellationToken cancellation)
    {
        var from = day.AtStartOfDayInZone(zone).ToInstant();
        var until = day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        await using var command = database.DataSource.CreateCommand(
            $"create table if not exists {_schema}.{Name(day)} partition of {Table} for values from ('{Literal(from)}') to ('{Literal(until)}')");
        try
        {
            await command.ExecuteNonQueryAsync(cancellation);
        }
        // "If not exists" is checked before the table is made: another node making the same day at the same moment wins.
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
        }
    }

    private static string Name(LocalDate day) => Prefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Literal(Instant instant) => instant.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
