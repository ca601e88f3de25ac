using System.Net;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Positions.Intake;
using Fleet.Server.Positions.Store;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>Positions through the intake into the day-partitioned table and back, against the real database.</summary>
public sealed class PositionStoreTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private IPositionIntake Intake => app.Host.Services.GetRequiredService<IPositionIntake>();
    private PositionPartitions Partitions => app.Host.Services.GetRequiredService<PositionPartitions>();
    private PositionReader Reader => app.Host.Services.GetRequiredService<PositionReader>();

    private async Task<(Guid Car, string Terminal)> CarWithTerminalAsync()
    {
        var created = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
            new { plate = TestPlates.Next('G'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created);
        var car = created.GetProperty("vehicleId").GetGuid();
        var terminal = TerminalBindingTests.NextTerminal();
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal });
        return (car, "0" + terminal);
    }

    /// <summary>A car driving north-east from Hankou, one fix every ten seconds from <paramref name="from"/>.</summary>
    private static List<Position> Drive(string terminal, Instant from, int count) =>
        Enumerable.Range(0, count).Select(i => new Position(terminal, from + Duration.FromSeconds(10 * i), from + Duration.FromSeconds(10 * i + 2),
            30_593_000 + i * 50, 114_305_000 + i * 40, 23, 400 + i, 45, Alarm: 0, Status: 0x8000_0003u, Mileage: 123_450 + i, Fuel: i % 2 == 0 ? 312 : null)).ToList();

    [Fact]
    public async Task A_batch_is_stored_read_back_in_its_period_in_order_and_stored_once_when_sent_again()
    {
        var (car, terminal) = await CarWithTerminalAsync();
        // Across a local midnight, so that the batch lands in two days' partitions.
        var from = new LocalDateTime(2026, 11, 1, 23, 58).InZoneStrictly(Wuhan).ToInstant();
        var drive = Drive(terminal, from, 30);

        var first = await Intake.TakeAsync(drive, default);
        first.Should().Be(new IntakeReport(30, 0, []) with { Refused = first.Refused });
        first.Refused.Should().BeEmpty();

        var again = await Intake.TakeAsync(drive.AsEnumerable().Reverse().ToList(), default);
        again.Stored.Should().Be(0, "a batch resent after a crash is kept once");
        again.KeptAlready.Should().Be(30);

        var overlapping = Drive(terminal, from + Duration.FromSeconds(250), 10);
        var mixed = await Intake.TakeAsync([.. overlapping, overlapping[^1]], default);
        (mixed.Stored, mixed.KeptAlready).Should().Be((5, 6), "the last five of the drive are kept already, and one fix sent twice in one batch is kept once");

        var track = await Reader.TrackAsync(FleetApp.JianganPool, car, new Interval(from + Duration.FromSeconds(50), from + Duration.FromSeconds(150)), default);
        track.Should().Equal(drive.Skip(5).Take(10), "the period's start is in it and its end is not, oldest first");
        track[0].Status.Should().Be(0x8000_0003u, "the flag words come back bit for bit");
        (await Reader.TrackAsync(FleetApp.JianghanPool, car, new Interval(from, from + Duration.FromHours(1)), default)).Should().BeEmpty(
            "another pool reads nothing of the car");

        (await Partitions.DaysAsync(default)).Should().Contain([new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 2)]);
        (await CountAsync($"select count(*) from {Partitions.Table}_p20261101 where vehicle = '{car}'")).Should().Be(12, "23:58:00 to 23:59:50");
    }

    [Fact]
    public async Task Every_field_comes_back_as_sent_at_the_ends_of_its_range()
    {
        var (car, terminal) = await CarWithTerminalAsync();
        var now = app.Clock.GetCurrentInstant();
        // Fleet writes the COPY rows itself: each field at its widest, a sign, a null beside a zero, a time below the second.
        var at = now - Duration.FromMinutes(10) + Duration.FromTicks(1_234_560);
        List<Position> sent =
        [
            new(terminal, at, now, -89_999_999, -179_999_999, -400, 0, 359, Alarm: uint.MaxValue, Status: 0, Mileage: uint.MaxValue, Fuel: 0),
            new(terminal, at + Duration.FromSeconds(1), now, 89_999_999, 179_999_999, 8_848, 2_200, 0, Alarm: 0x8000_0000u, Status: 1, Mileage: null, Fuel: null),
            new(terminal, at + Duration.FromSeconds(2), now, 0, 0, 0, 1, 1, Alarm: 1, Status: 0xffff_fffeu, Mileage: 0, Fuel: ushort.MaxValue),
        ];

        (await Intake.TakeAsync(sent, default)).Stored.Should().Be(3);

        var track = await Reader.TrackAsync(FleetApp.JianganPool, car, new Interval(at, at + Duration.FromSeconds(3)), default);
        track.Should().Equal(sent);
    }

    [Fact]
    public async Task A_position_of_a_terminal_no_car_carries_is_refused_and_never_stored()
    {
        var (car, terminal) = await CarWithTerminalAsync();
        var now = app.Clock.GetCurrentInstant();
        var stranger = "0" + TerminalBindingTests.NextTerminal();

        var report = await Intake.TakeAsync([.. Drive(stranger, now - Duration.FromMinutes(5), 3), .. Drive(terminal, now - Duration.FromMinutes(5), 2)], default);

        report.Stored.Should().Be(2);
        report.Refused.Should().HaveCount(3).And.OnlyContain(r => r.Reason == PositionRefusal.UnknownTerminal);
        (await CountAsync($"select count(*) from {Partitions.Table} where terminal = '{stranger}'")).Should().Be(0);

        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal/unbind", new { reason = "拆除" });
        var afterUnbinding = await Intake.TakeAsync(Drive(terminal, now - Duration.FromMinutes(1), 2), default);
        afterUnbinding.Stored.Should().Be(0, "an unbound terminal reports for no car from the moment it is unbound");
        afterUnbinding.Refused.Should().OnlyContain(r => r.Reason == PositionRefusal.UnknownTerminal);
    }

    [Fact]
    public async Task Positions_out_of_range_from_the_future_or_past_the_retention_are_refused()
    {
        var (_, terminal) = await CarWithTerminalAsync();
        var now = app.Clock.GetCurrentInstant();
        var good = Drive(terminal, now - Duration.FromMinutes(10), 1)[0];

        var report = await Intake.TakeAsync([
            good with { Latitude = 91_000_000 },
            good with { Direction = 360 },
            good with { At = now + Duration.FromHours(1) },
            good with { At = now - Duration.FromDays(400) },
        ], default);

        report.Stored.Should().Be(0);
        report.Refused.Select(r => r.Reason).Should().Equal(PositionRefusal.OutOfRange, PositionRefusal.OutOfRange, PositionRefusal.InTheFuture, PositionRefusal.TooOld);
    }

    [Fact]
    public async Task Partitions_are_made_ahead_and_days_past_the_retention_are_dropped()
    {
        var now = Instant.FromUtc(2027, 3, 10, 4, 0);
        var past = new LocalDate(2026, 3, 8);
        await Partitions.EnsureAsync(app.Host.Services.GetRequiredService<FleetDatabase>(), [past, past.PlusDays(1), past.PlusDays(2)], default);

        var dropped = await Partitions.RollAsync(now, default);

        // 366 days kept, today included: 2026-03-10 is the oldest day kept.
        dropped.Should().Contain([past, past.PlusDays(1)]).And.NotContain(past.PlusDays(2));
        var days = await Partitions.DaysAsync(default);
        days.Should().NotContain([past, past.PlusDays(1)]).And.Contain(past.PlusDays(2));
        days.Should().Contain(Enumerable.Range(-1, 5).Select(d => new LocalDate(2027, 3, 10).PlusDays(d)), "yesterday to three days ahead");
        (await CountAsync($"""
            select count(*) from pg_class where relname = '{PositionTable.Name}_p20270311'
            and pg_get_expr(relpartbound, oid) = 'FOR VALUES FROM (''2027-03-11 00:00:00+08'') TO (''2027-03-12 00:00:00+08'')'
            """, "set timezone = 'Asia/Shanghai'")).Should().Be(1, "a day runs from local midnight to local midnight");
    }

    private async Task<long> CountAsync(string sql, string? before = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        if (before is not null)
        {
            await using var set = new NpgsqlCommand(before, connection);
            await set.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
