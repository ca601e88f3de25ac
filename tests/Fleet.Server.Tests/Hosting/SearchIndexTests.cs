using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Reports.AuditTrail;
using Fleet.Server.Trips;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// The indexes that keep the searches from reading the whole history: the audit search's on the event table (Fleet's own
/// schema objects, ADR 015), the trips' text search and lists. Each query shape is asked of PostgreSQL with sequential scans
/// ruled out: a condition no index serves would still read the table, and shows as a sequential scan in the plan.
/// </summary>
public sealed class SearchIndexTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly string[] EventIndexes = [AuditTrailIndexes.ByActor, AuditTrailIndexes.ByMoment];

    private static readonly string[] TripSearchIndexes =
        [.. TripMapping.Searched.Select(s => $"mt_doc_trip_idx_{s.Name}_trgm"), "mt_doc_trip_idx_requested_by"];

    [Fact]
    public async Task A_start_creates_the_event_tables_indexes_as_Fleet_declares_them()
    {
        var indexes = await IndexesAsync();

        indexes[AuditTrailIndexes.ByActor].Should().Be(
            "CREATE INDEX mt_events_idx_user_name_timestamp ON public.mt_events USING btree (user_name, \"timestamp\", seq_id) INCLUDE (tenant_id) WHERE (NOT is_archived)");
        indexes[AuditTrailIndexes.ByMoment].Should().Be(
            "CREATE INDEX mt_events_idx_timestamp ON public.mt_events USING btree (\"timestamp\", seq_id) INCLUDE (tenant_id) WHERE (NOT is_archived)");
        indexes["mt_doc_trip_idx_unit_code"].Should().EndWith("USING btree (tenant_id, unit_code, detailsstart)", "a unit's list is read in order");
        indexes["mt_doc_trip_idx_detailsstart"].Should().EndWith("USING btree (tenant_id, detailsstart)");
        indexes["mt_doc_logbookentry_idx_departed_at"].Should().EndWith("USING btree (tenant_id, departed_at)");
        foreach (var index in TripSearchIndexes) indexes.Should().ContainKey(index);
        indexes["mt_doc_trip_idx_purpose_trgm"].Should().EndWith(
            "USING gin (fleet_search_text(((data -> 'details'::text) ->> 'purposeText'::text)) gin_trgm_ops)", "the purpose's search text");
    }

    [Fact]
    public async Task The_search_text_writes_every_character_in_hexadecimal_so_that_Chinese_has_trigrams_without_a_locale()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select fleet_search_text('鄂A·D10013 武汉港, 防汛'), array_length(show_trgm('防汛'), 1), array_length(show_trgm(fleet_search_text('防汛')), 1), " +
            "(select datctype from pg_database where datname = current_database()), " +
            // 3 and a control character, 3303, sits across the bytes of s0 (7330): only an even place is a character.
            "fleet_search_text('鄂A·S0101') like '%' || fleet_search_text(E'3\\x03') || '%', " +
            "fleet_search_text('鄂A·S0101') ~ ('^(..)*' || fleet_search_text(E'3\\x03')), fleet_search_text('鄂A·S0101') ~ ('^(..)*' || fleet_search_text('a·s01'))", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetString(0).Should().Be("e9848261c2b764313030313320e6ada6e6b189e6b8af2c20e998b2e6b19b", "the lowered text's UTF-8 bytes");
        reader.IsDBNull(1).Should().BeTrue("the cluster has no locale, so pg_trgm sees no word in 防汛");
        reader.GetInt32(2).Should().BeGreaterThan(5);
        reader.GetString(3).Should().Be("C");
        reader.GetBoolean(4).Should().BeTrue("a like of the search texts finds bytes out of step");
        reader.GetBoolean(5).Should().BeFalse("the condition asks for them at an even place");
        reader.GetBoolean(6).Should().BeTrue("a part of the plate, in another case");
    }

    [Fact]
    public async Task A_database_of_the_version_before_gets_the_indexes_at_its_next_start_and_then_matches_what_Fleet_expects()
    {
        // As a database kept by the version before: none of the search indexes, the lists' indexes on one column, and the
        // fingerprint of older code.
        await app.ExecuteSqlAsync(string.Join(";", EventIndexes.Concat(TripSearchIndexes).Select(i => $"drop index public.{i}")) + ";" +
                           "drop index public.mt_doc_trip_idx_unit_code; create index mt_doc_trip_idx_unit_code on public.mt_doc_trip (unit_code);" +
                           // The trigrams on the plain texts, as the version before had them, and no search text.
                           "drop index public.mt_doc_flaggedrecord_idx_order_trgm; drop index public.mt_doc_flaggedrecord_idx_plate_trgm;" +
                           "drop function public.fleet_search_text(text);" +
                           "create index mt_doc_trip_idx_purpose_trgm on public.mt_doc_trip using gin (((data -> 'details') ->> 'purposeText') gin_trgm_ops);" +
                           "create index mt_doc_flaggedrecord_idx_order_trgm on public.mt_doc_flaggedrecord using gin ((data ->> 'orderNumber') gin_trgm_ops);" +
                           "create index mt_doc_flaggedrecord_idx_plate_trgm on public.mt_doc_flaggedrecord using gin ((data ->> 'plate') gin_trgm_ops);" +
                           "update public.fleet_schema_fingerprint set fingerprint = 'older code'");

        await new SchemaSetup(app.Store, NullLogger<SchemaSetup>.Instance).StartAsync(CancellationToken.None);

        var indexes = await IndexesAsync();
        foreach (var index in EventIndexes.Concat(TripSearchIndexes)) indexes.Should().ContainKey(index);
        indexes["mt_doc_trip_idx_unit_code"].Should().EndWith("(tenant_id, unit_code, detailsstart)");
        foreach (var index in new[] { "mt_doc_trip_idx_purpose_trgm", "mt_doc_flaggedrecord_idx_order_trgm", "mt_doc_flaggedrecord_idx_plate_trgm" })
            indexes[index].Should().Contain("gin (fleet_search_text(", "{0} is built on the search text now", index);
        var difference = await app.Store.Storage.Database.CreateMigrationAsync();
        difference.Difference.Should().Be(Weasel.Core.SchemaPatchDifference.None, string.Join(", ", difference.Deltas
            .Where(d => d.Difference != Weasel.Core.SchemaPatchDifference.None).Select(d => d.SchemaObject.Identifier.QualifiedName)));
    }

    [Fact]
    public async Task The_audit_search_by_person_and_by_days_reads_its_index_not_the_store()
    {
        // The statements as Marten writes them for SearchAuditTrail (a city supervisor's, across every pool; a pool's adds its pool).
        const string byActor = "from public.mt_events as d where (d.user_name = 'someone' and 1=1 and d.is_archived = FALSE)";
        const string byDays = "from public.mt_events as d where (d.timestamp < now() and d.timestamp >= now() - interval '30 days' and d.tenant_id = '420102' and d.is_archived = FALSE)";

        (await PlanAsync($"select count(*) {byActor}", bitmaps: false)).Should().Contain($"Index Only Scan using {AuditTrailIndexes.ByActor}")
            .And.Contain("Index Cond: (user_name = 'someone'::text)");
        (await PlanAsync($"select seq_id {byActor} order by d.timestamp desc, d.seq_id desc offset 100 limit 50", bitmaps: false))
            .Should().Contain($"Scan Backward using {AuditTrailIndexes.ByActor}").And.NotContain("Sort");
        (await PlanAsync($"select count(*) {byDays}", bitmaps: false)).Should().Contain($"Index Only Scan using {AuditTrailIndexes.ByMoment}")
            .And.Contain("Index Cond: ((\"timestamp\" < now()) AND (\"timestamp\" >= (now() - '30 days'::interval)))");
        (await PlanAsync($"select seq_id {byDays} order by d.timestamp desc, d.seq_id desc offset 100 limit 50", bitmaps: false))
            .Should().Contain($"Scan Backward using {AuditTrailIndexes.ByMoment}").And.NotContain("Sort");
    }

    [Fact]
    public async Task The_trips_text_search_and_a_units_list_read_their_indexes()
    {
        // Every condition of the search is served by an index, so PostgreSQL can combine them instead of reading the pool's trips.
        var texts = string.Join(" OR ", TripMapping.Searched.Select(s => SearchText.Contains(string.Format(s.Expression, "d.data"), "'2026-0001'")));
        var search = await PlanAsync(
            $"select count(*) from public.mt_doc_trip as d where ({texts} OR {string.Format(TripMapping.RequestedBy, "d.data")} = ANY('{{someone}}'))");
        search.Should().Contain("BitmapOr").And.NotContain("Seq Scan");
        foreach (var index in TripSearchIndexes) search.Should().Contain(index);

        // A search made of Chinese characters too: its search text has trigrams whatever the database's locale.
        var chinese = await PlanAsync("select count(*) from public.mt_doc_trip as d where (" +
                                      string.Join(" OR ", TripMapping.Searched.Select(s => SearchText.Contains(string.Format(s.Expression, "d.data"), "'防汛'"))) + ")");
        chinese.Should().Contain("BitmapOr").And.NotContain("Seq Scan").And.Contain("~ '^(..)*e998b2e6b19b'::text", "the search text of 防汛");

        (await PlanAsync("select d.id from public.mt_doc_trip as d where (d.tenant_id = '420102' and d.unit_code = 'JA01') order by d.detailsstart desc OFFSET 0 LIMIT 20", bitmaps: false))
            .Should().Contain("Index Scan Backward using mt_doc_trip_idx_unit_code").And.NotContain("Sort");
    }

    private async Task<Dictionary<string, string>> IndexesAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select indexname, indexdef from pg_indexes where schemaname = 'public'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new Dictionary<string, string>();
        while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetString(1);
        return indexes;
    }

    /// <summary>
    /// PostgreSQL's plan for <paramref name="sql"/> with sequential scans ruled out, and without <paramref name="bitmaps"/> bitmap
    /// scans: the test's tables are small, and any index read whole costs next to nothing.
    /// </summary>
    private async Task<string> PlanAsync(string sql, bool bitmaps = true)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Vacuumed as autovacuum would have by the time the history is large: an index-only scan is costed on the visibility
        // map, which only a vacuum fills, so without one the plan between an index-only scan and another index's was a toss-up.
        await using (var vacuum = new NpgsqlCommand("vacuum analyze public.mt_events", connection))
            await vacuum.ExecuteNonQueryAsync();
        await using (var off = new NpgsqlCommand($"analyze public.mt_doc_trip; set enable_seqscan = off; set enable_bitmapscan = {bitmaps}", connection))
            await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("explain " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join("\n", plan);
    }
}
