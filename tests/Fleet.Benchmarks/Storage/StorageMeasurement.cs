using System.Globalization;
using System.Text;
using Fleet.Benchmarks.Projections;
using Fleet.Samples.DemoCity;

namespace Fleet.Benchmarks.Storage;

/// <summary>
/// What a city's history takes on disk, for the capacity model of a province and of the country (docs/scale.md): the demo
/// city loaded at each size (as <c>rebuild</c> loads it), vacuumed, then per event — the event table with its indexes, the
/// streams, every projection's documents, the audit chain, Wolverine's tables — and per trip and per car a year.
/// </summary>
internal static class StorageMeasurement
{
    public static async Task<string> RunAsync(IReadOnlyList<DemoCitySize> sizes, string? folder)
    {
        var report = new StringBuilder();
        report.AppendLine($"# Storage of the demo city, {DateTime.UtcNow:yyyy-MM-dd}").AppendLine();
        report.AppendLine("| size | cars | months | events | trips | events a trip | events a car a year | bytes an event: events table (with its indexes) | streams | projections' documents | audit chain | the whole database |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        await using var postgres = new BenchmarkPostgres(folder);
        foreach (var (size, connection) in await RebuildMeasurement.DemoCitiesAsync(postgres, sizes, Console.WriteLine, "storage"))
        {
            await BenchmarkPostgres.ExecuteAsync(connection, "vacuum analyze");
            async Task<long> Scalar(string sql) => await BenchmarkPostgres.ScalarAsync<long>(connection, sql);
            async Task<long> Tables(string like) => await Scalar(
                $"select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
                $"where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname like '{like}'");

            var events = await Scalar("select count(*) from public.mt_events");
            var trips = await Scalar("select count(distinct stream_id) from public.mt_events where type in ('trip_requested', 'trip_imported')");
            var tripEvents = await Scalar(
                "select count(*) from public.mt_events where stream_id in (select stream_id from public.mt_events where type in ('trip_requested', 'trip_imported'))");
            var cars = await Scalar("select count(*) from public.mt_events where type = 'vehicle_registered'");
            var eventTable = await Tables("mt_events");
            var streams = await Tables("mt_streams");
            var documents = await Tables("mt_doc_%");
            var chain = await Tables("fleet_audit%");
            var database = await Scalar("select pg_database_size(current_database())");
            double Per(long bytes) => (double)bytes / events;
            string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
            report.AppendLine($"| {size.Name} | {cars:N0} | {size.Months} | {events:N0} | {trips:N0} | {(double)tripEvents / trips:0.0} | " +
                              $"{N(events / (double)cars * 12 / size.Months)} | {N(Per(eventTable))} | {N(Per(streams))} | {N(Per(documents))} | {N(Per(chain))} | {N(Per(database))} |");
            Console.WriteLine(report.ToString().Split('\n')[^2]);
        }

        return report.ToString();
    }
}
