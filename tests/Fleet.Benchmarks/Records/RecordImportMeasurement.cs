using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Fleet.Benchmarks.Records;

/// <param name="Rows">Parking records in the file.</param>
/// <param name="Cars">Cars of the pool the records are for.</param>
internal sealed record RecordImportOptions(int Rows = 100_000, int Cars = 200, string? Output = null);

/// <summary>
/// The import of an issuer's export (issue 24, docs/records.md) against a floor measured in the same run on the same
/// PostgreSQL (fsync on): the same rows through <c>POST /api/records/import</c> (read, matched, checked, written as events
/// and documents in one transaction, ADR 020) and in one binary COPY into a plain table of their columns.
/// </summary>
internal static class RecordImportMeasurement
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static async Task<string> RunAsync(RecordImportOptions options)
    {
        await using var postgres = new BenchmarkPostgres();
        Environment.SetEnvironmentVariable(TestPostgres.EnvironmentVariable, postgres.Server.AdminConnectionString);
        EndpointTiming.UseRepositoryContentRoot();
        var app = new FleetApp();
        await app.InitializeAsync();
        try
        {
            var report = new StringBuilder();
            report.AppendLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; embedded PostgreSQL " +
                              $"with fsync on; server and database on the same cores. Load average at the start: {LoadAverage()}.");
            report.AppendLine();
            var plates = new List<string>();
            for (var i = 0; i < options.Cars; i++)
            {
                var plate = $"鄂A·M{i:D4}";
                await app.RoadworthyVehicleAsync(FleetApp.Jiangan, plate);
                plates.Add(plate);
            }

            // A month of parking, one row every few minutes across the pool's cars, as an operator exports it.
            var start = new LocalDateTime(2026, 10, 1, 0, 0).InZoneStrictly(Zone).ToInstant();
            var rows = Enumerable.Range(0, options.Rows).Select(i => (Plate: plates[i % plates.Count], Lot: $"停车场{i % 97:D2}",
                At: start + Duration.FromSeconds(i * 25L), Amount: 5m + i % 40)).ToList();
            var csv = new StringBuilder("车牌号码,停车场,入场时间,离场时间,实收金额\n");
            foreach (var r in rows)
            {
                var local = r.At.InZone(Zone).LocalDateTime;
                csv.Append(r.Plate).Append(',').Append(r.Lot).Append(',').Append(local.PlusHours(-1).ToString("yyyy-MM-dd HH:mm", null)).Append(',')
                    .Append(local.ToString("yyyy-MM-dd HH:mm", null)).Append(',').Append(r.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))
                    .Append('\n');
            }

            var content = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv.ToString()));
            var import = Stopwatch.StartNew();
            var answer = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/records/import",
                new { layout = "wuhan-parking", fileName = "benchmark.csv", content }, HttpStatusCode.OK);
            import.Stop();
            var accepted = answer.GetProperty("accepted").GetArrayLength();
            if (accepted != options.Rows) throw new InvalidOperationException($"{accepted} of {options.Rows} rows were imported.");

            await using var connection = await app.Host.Services.GetRequiredService<FleetDatabase>().DataSource.OpenConnectionAsync();
            await using (var create = new NpgsqlCommand("create table benchmark_record_copy (id uuid, pool text, kind int, plate text, at timestamptz, " +
                                                        "place text, amount numeric, file_hash text, row_number int)", connection))
                await create.ExecuteNonQueryAsync();
            var copy = Stopwatch.StartNew();
            await using (var writer = await connection.BeginBinaryImportAsync(
                             "copy benchmark_record_copy (id, pool, kind, plate, at, place, amount, file_hash, row_number) from stdin (format binary)"))
            {
                var row = 1;
                foreach (var r in rows)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(FleetApp.JianganPool, NpgsqlDbType.Text);
                    await writer.WriteAsync(2, NpgsqlDbType.Integer);
                    await writer.WriteAsync(r.Plate, NpgsqlDbType.Text);
                    await writer.WriteAsync(r.At.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(r.Lot, NpgsqlDbType.Text);
                    await writer.WriteAsync(r.Amount, NpgsqlDbType.Numeric);
                    await writer.WriteAsync("benchmark", NpgsqlDbType.Text);
                    await writer.WriteAsync(++row, NpgsqlDbType.Integer);
                }

                await writer.CompleteAsync();
            }

            copy.Stop();
            report.AppendLine($"### {options.Rows:N0} parking records for {options.Cars} cars: the import against COPY of the same rows");
            report.AppendLine();
            report.AppendLine("| run | rows | seconds | rows/s | ratio to the floor |");
            report.AppendLine("|---|---:|---:|---:|---:|");
            report.AppendLine($"| the floor: one binary COPY of the same rows through Npgsql | {options.Rows:N0} | {copy.Elapsed.TotalSeconds:0.00} | " +
                              $"{options.Rows / copy.Elapsed.TotalSeconds:N0} | 1.00 |");
            report.AppendLine($"| POST /api/records/import (read, matched, checked, 2 events and 1 document a row) | {options.Rows:N0} | " +
                              $"{import.Elapsed.TotalSeconds:0.00} | {options.Rows / import.Elapsed.TotalSeconds:N0} | " +
                              $"{import.Elapsed.TotalSeconds / copy.Elapsed.TotalSeconds:0.0}× the time |");
            report.AppendLine();
            report.AppendLine($"Load average at the end: {LoadAverage()}.");
            var text = report.ToString();
            Console.WriteLine(text);
            if (options.Output is { } output) await File.WriteAllTextAsync(output, text);
            return text;
        }
        finally
        {
            await app.DisposeAsync();
            // The measurements after this one in the same run find their own PostgreSQL, not this one that is stopping.
            Environment.SetEnvironmentVariable(TestPostgres.EnvironmentVariable, null);
        }
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
