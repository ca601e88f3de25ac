using Fleet.Domain.Trips;
using Fleet.Server.Trips;
using Fleet.Server.Trips.Dispatching;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Services;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// The reservation check every dispatch runs under the pool's register lock, asked of PostgreSQL as the dispatch sends it, on
/// a table grown the way a busy pool grows it: thousands of trips back and waiting for the requester's confirmation, a
/// handful holding cars. It must read the car's and the driver's reservation indexes; without statistics on the status the
/// planner took the trips-not-over index instead and filtered every one of those thousands (docs/performance.md).
/// </summary>
public sealed class ReservationPlanTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    [Fact]
    public async Task A_dispatch_finds_the_cars_and_drivers_reservations_by_their_indexes_however_many_trips_wait_for_confirmation()
    {
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('R'));
        var driver = await app.DriverAsync(Pool, "赵立新");
        var held = await app.DispatchedTripAsync(Pool, vehicle, driver);
        await app.ExecuteSqlAsync(await CopiesAsync(held.Id, TripStatus.Completed, 6_000) + "; analyze public.mt_doc_trip");

        // The period the dispatch asks about: the reservation of the trip holding the car and the driver.
        Interval wanted;
        await using (var session = app.Store.QuerySession(FleetApp.PoolCode(Pool)))
        {
            var assignment = (await session.LoadAsync<Trip>(held.Id))!.Assignment!;
            wanted = new Interval(assignment.ReservedFrom, assignment.ReservedUntil);
        }

        var plan = await ReservationPlanAsync(wanted, vehicle, driver);
        // Either index or both: a pool's reservations are a handful, and each index holds just them.
        plan.Should().Contain("mt_doc_trip_idx_reserving_").And.NotContain("mt_doc_trip_idx_not_over").And.NotContain("Seq Scan");

        // The statistics are what tells the planner so: without them it guesses, and the guess picks the wrong index.
        await app.ExecuteSqlAsync($"drop statistics public.{TripMapping.StatusStatistics}; analyze public.mt_doc_trip");
        (await ReservationPlanAsync(wanted, vehicle, driver)).Should().Contain("mt_doc_trip_idx_not_over");

        // A database that lacks them (one of the version before) has them again from the schema, analysed at once.
        await app.Store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();
        (await ReservationPlanAsync(wanted, vehicle, driver)).Should().Contain("mt_doc_trip_idx_reserving_").And.NotContain("mt_doc_trip_idx_not_over");
        var difference = await app.Store.Storage.Database.CreateMigrationAsync();
        difference.Difference.Should().Be(Weasel.Core.SchemaPatchDifference.None, "the statistics read back as declared");
    }

    /// <summary>PostgreSQL's plan for the statement <see cref="DispatchDesk.ReservationsAsync"/> sends, with its own parameters.</summary>
    private async Task<string> ReservationPlanAsync(Interval wanted, Guid vehicle, Guid driver)
    {
        var sent = new SentStatements();
        await using (var session = app.Store.QuerySession(FleetApp.PoolCode(Pool)))
        {
            session.Logger = sent;
            var found = await DispatchDesk.ReservationsAsync(session, wanted, vehicle, driver, CancellationToken.None);
            found.Should().ContainSingle("the trip dispatched is the only one holding the car or the driver");
        }

        var (sql, parameters) = sent.Statements.Should().ContainSingle().Subject;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain " + sql, connection);
        explain.Parameters.AddRange(parameters);
        await using var reader = await explain.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join("\n", plan);
    }

    /// <summary>
    /// SQL that copies trip <paramref name="tripId"/>'s row <paramref name="count"/> times with new ids in status
    /// <paramref name="status"/>, two hours apart before it: the history of a busy pool, written without running thousands of
    /// trips through the API.
    /// </summary>
    private async Task<string> CopiesAsync(Guid tripId, TripStatus status, int count)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = 'public' and table_name = 'mt_doc_trip' order by ordinal_position",
            connection);
        var columns = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));

        var values = columns.Select(c => c switch
        {
            "id" => "gen_random_uuid()",
            "data" => $"jsonb_set(data, '{{status}}', '\"{status}\"')",
            "assignmentreserved_from" or "assignmentreserved_until" => $"{c} - copy.n * interval '2 hours'",
            _ => c,
        });
        return $"insert into public.mt_doc_trip ({string.Join(", ", columns)}) " +
               $"select {string.Join(", ", values)} from public.mt_doc_trip, generate_series(1, {count}) as copy(n) where id = '{tripId}'";
    }


    /// <summary>The commands a session sent, as Marten's logger sees them.</summary>
    private sealed class SentStatements : IMartenSessionLogger
    {
        public List<(string Sql, NpgsqlParameter[] Parameters)> Statements { get; } = [];

        public void LogSuccess(NpgsqlCommand command) => Statements.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));

        public void LogSuccess(NpgsqlBatch batch) =>
            Statements.AddRange(batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => (c.CommandText, c.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray())));

        public void LogFailure(NpgsqlCommand command, Exception ex)
        {
        }

        public void LogFailure(NpgsqlBatch batch, Exception ex)
        {
        }

        public void LogFailure(Exception ex, string message)
        {
        }

        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
        {
        }

        public void OnBeforeExecute(NpgsqlCommand command)
        {
        }

        public void OnBeforeExecute(NpgsqlBatch batch)
        {
        }
    }
}
