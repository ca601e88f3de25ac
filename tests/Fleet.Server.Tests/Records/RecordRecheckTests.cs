using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Server.Records.Checking;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Marten.Events;
using NodaTime;
using Wolverine;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Records;

/// <summary>
/// A trip under way when its ETC records were imported had nothing declared to hold them against; when the driver
/// finishes it, its records are checked again and the declared tolls that differ from them are flagged, once however
/// often the check is asked for. A trip without records is finished without a check.
/// </summary>
public sealed class RecordRecheckTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    /// <summary>A car of the pool with an ETC card bound, and a trip of it dispatched for 10:00 to 12:00 on <paramref name="day"/> and started at 09:55.</summary>
    private async Task<(TestTrip Trip, string Plate, string Card)> UnderWayAsync(int day)
    {
        app.Clock.Reset(Local(day, 8));
        var plate = TestPlates.Next('R');
        var car = await app.RoadworthyVehicleAsync(Pool, plate);
        var card = $"4201{Random.Shared.Next(10_000_000, 99_999_999)}0001";
        await app.PostAs(Pool, Role.FleetAdmin, "/api/cards", new { kind = "etc", number = card, vehicleId = car }, HttpStatusCode.Created);
        var trip = await app.DispatchedTripAsync(Pool, car, await app.AccountDriverAsync(Pool), new TripBuilder().On(new LocalDate(2026, 11, day), 10, 12));
        await trip.AcceptAsync();
        app.Clock.Reset(Local(day, 9, 55));
        await trip.StartAsync(12000m);
        return (trip, plate, card);
    }

    /// <summary>
    /// Finishes the trip and waits until the subscription has asked for its records' check and the check has run;
    /// <paramref name="alsoAskedFor"/> more checks of the trip are asked for at once, at the same moment.
    /// </summary>
    private async Task FinishAsync(TestTrip trip, object figures, int alsoAskedFor = 0)
    {
        var tracked = await app.Host.TrackActivity().Timeout(TimeSpan.FromMinutes(1)).WaitForExecutionOf<CheckTripRecords>(1 + alsoAskedFor)
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
            {
                await trip.FinishAsync(12030m, figures);
                await Task.WhenAll(Enumerable.Range(0, alsoAskedFor).Select(async _ =>
                {
                    using var scope = app.Host.Services.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new CheckTripRecords(FleetApp.PoolCode(Pool), trip.Id));
                }));
            }));
        tracked.Executed.MessagesOf<CheckTripRecords>().Should().Contain(m => m.TripId == trip.Id, "the finish asked for this trip's check");
    }

    /// <summary>Imports an ETC file of the car's card with the given tolls, each an exit time on <paramref name="day"/> and yuan.</summary>
    private async Task<JsonElement> ImportTollsAsync(int day, string plate, string card, params (string Exit, decimal Yuan)[] tolls)
    {
        var etc = string.Concat(tolls.Select(t =>
            $"{plate},{card},武汉东,黄陂,2026/11/{day:D2} 09:00,2026/11/{day:D2} {t.Exit},{t.Yuan.ToString("0.00", CultureInfo.InvariantCulture)}\n"));
        return await app.PostAs(Pool, Role.FleetAdmin, "/api/records/import", new
        {
            layout = "hubei-etc", fileName = $"etc-{day}-{plate}.csv",
            content = Convert.ToBase64String(Encoding.UTF8.GetBytes("车牌号,ETC卡号,入口站,出口站,入口时间,出口时间,通行费(元)\n" + etc)),
        });
    }

    private async Task<IReadOnlyList<object>> StreamAsync(Guid stream)
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(Pool));
        return (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task Tolls_imported_while_the_trip_was_under_way_are_held_against_what_the_driver_declares_at_its_end_once()
    {
        var (trip, plate, card) = await UnderWayAsync(5);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        app.Clock.Reset(Local(5, 10, 40));
        var imported = await ImportTollsAsync(5, plate, card, ("10:30", 35m));
        imported.GetProperty("flagged").GetInt32().Should().Be(0, "nothing was declared yet to hold the toll against");

        app.Clock.Reset(Local(5, 11, 50));
        await FinishAsync(trip, new { tolls = 10 });

        var checks = (await StreamAsync(trip.Id)).OfType<TripRecordsChecked>().ToList();
        checks.Should().HaveCount(2, "the import's check, and the one after the finish");
        checks[1].Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = RecordFindingKind.DeclaredTollsDiffer, Recorded = 35m, Limit = 10m });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var report = await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11-05&kind=declaredTollsDiffer");
        var evidence = report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag"))
            .Should().ContainSingle(f => f.GetProperty("tripId").GetGuid() == trip.Id).Which.GetProperty("evidence");
        (evidence.GetProperty("recorded").GetString(), evidence.GetProperty("limit").GetString()).Should().Be(("35.00", "10.00"));

        // At-least-once delivery: the same message again finds the check it wrote and adds nothing, on the trip or the record.
        var record = checks[1].Records.Should().ContainSingle().Which;
        var (tripEvents, recordEvents) = ((await StreamAsync(trip.Id)).Count, (await StreamAsync(record)).Count);
        await app.Host.InvokeMessageAndWaitAsync(new CheckTripRecords(FleetApp.PoolCode(Pool), trip.Id));
        ((await StreamAsync(trip.Id)).Count, (await StreamAsync(record)).Count).Should().Be((tripEvents, recordEvents));
    }

    /// <summary>
    /// The subscription's message and three more of the same trip run at once: the records' and the trip's checks are
    /// written once. The driver writes down a return earlier than the trip's planned end: a toll the import put in the
    /// trip, when it reached to that end, is now outside it.
    /// </summary>
    [Fact]
    public async Task Checks_of_one_finished_trip_at_once_write_each_change_once_and_a_toll_after_the_return_leaves_the_trip()
    {
        var (trip, plate, card) = await UnderWayAsync(9);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        app.Clock.Reset(Local(9, 11, 45));
        (await ImportTollsAsync(9, plate, card, ("10:30", 35m), ("11:40", 15m))).GetProperty("flagged").GetInt32().Should().Be(0);
        var atImport = (await StreamAsync(trip.Id)).OfType<TripRecordsChecked>().Should().ContainSingle().Which;
        atImport.Records.Should().HaveCount(2, "under way, the trip reached to its planned end at 12:00");

        app.Clock.Reset(Local(9, 11, 50));
        await FinishAsync(trip, new { tolls = 35, returnedAt = Local(9, 11).ToString() }, alsoAskedFor: 3);

        var checks = (await StreamAsync(trip.Id)).OfType<TripRecordsChecked>().ToList();
        checks.Should().HaveCount(2, "one check after the finish, however many ran");
        checks[1].Records.Should().ContainSingle().Which.Should().Be(atImport.Records[0]);
        checks[1].Findings.Should().BeEmpty("35 yuan declared, 35 recorded");
        var late = (await StreamAsync(atImport.Records[1])).OfType<OutsideRecordChecked>().ToList();
        late.Should().HaveCount(2);
        (late[1].TripId, late[1].Findings.Select(f => f.Kind)).Should().BeEquivalentTo((default(Guid?), new[] { RecordFindingKind.TollOutsideTrip }));
        (await StreamAsync(atImport.Records[0])).OfType<OutsideRecordChecked>().Should().ContainSingle("the toll in the trip was found as it was");
    }

    /// <summary>
    /// The admin imports the ETC file the moment the car is back, before the daemon has written the trip's logbook line
    /// (here: the line is taken away once the daemon is done, as if it had not got there yet). The trip is read from its
    /// own stream: the toll is the trip's, and the declared tolls are held against it.
    /// </summary>
    [Fact]
    public async Task A_file_imported_before_the_logbook_has_the_trip_finds_the_trip_from_its_stream()
    {
        var (trip, plate, card) = await UnderWayAsync(12);
        app.Clock.Reset(Local(12, 11, 50));
        await FinishAsync(trip, new { tolls = 10 });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        await using (var session = app.Store.LightweightSession(FleetApp.PoolCode(Pool)))
        {
            session.Delete<Fleet.Projections.Logbook.LogbookEntry>(trip.Id);
            await session.SaveChangesAsync();
        }

        app.Clock.Reset(Local(12, 12, 5));
        (await ImportTollsAsync(12, plate, card, ("10:30", 35m))).GetProperty("flagged").GetInt32().Should().Be(1);
        var check = (await StreamAsync(trip.Id)).OfType<TripRecordsChecked>().Should().ContainSingle().Which;
        check.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = RecordFindingKind.DeclaredTollsDiffer, Recorded = 35m, Limit = 10m });
        (await StreamAsync(check.Records.Single())).OfType<OutsideRecordChecked>().Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { TripId = (Guid?)trip.Id, Findings = Array.Empty<RecordFinding>() }, "the toll fell in the trip, not outside every trip");
    }

    [Fact]
    public async Task A_trip_without_records_is_finished_without_a_check()
    {
        var (trip, _, _) = await UnderWayAsync(6);
        app.Clock.Reset(Local(6, 11, 50));
        await FinishAsync(trip, new { tolls = 10 });

        (await StreamAsync(trip.Id)).OfType<TripRecordsChecked>().Should().BeEmpty("no record of the car falls in the trip");
    }
}
