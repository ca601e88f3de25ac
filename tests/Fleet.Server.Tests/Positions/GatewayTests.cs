using System.Net;
using Fleet.Domain.People;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Terminal;
using Fleet.Server.Positions.Gateway;
using Fleet.Server.Positions.Store;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>A server with the JT/T 808 gateway on, on a free loopback port.</summary>
public sealed class GatewayApp : FleetApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Positions:Gateway:Port"] = "0",
        ["Fleet:Positions:Gateway:Host"] = "127.0.0.1",
    };

    public IPEndPoint Gateway => Host.Services.GetRequiredService<Jt808Gateway>().LocalEndPoint;
}

/// <summary>
/// A terminal on a real socket through the server's gateway into the positions table: it registers only once a fleet
/// admin has bound it to a car, reports once authenticated, and is refused again once unbound.
/// </summary>
public sealed class GatewayTests(GatewayApp app) : IClassFixture<GatewayApp>
{
    private static readonly TerminalRegistration Registration = new(42, 100, "FLEET", "BD-2019", "T000001", 1, "鄂A·G0001");

    [Fact]
    public async Task A_bound_terminal_registers_authenticates_and_its_reports_are_stored_against_its_car()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 2, 2, 0));
        var (car, number) = await CarAndTerminalNumberAsync();

        // Not bound yet: refused, and nothing it sends is kept.
        await using (var stranger = await Jt808TerminalClient.ConnectAsync(app.Gateway, number, Jt808Version.V2019))
        {
            (await stranger.RegisterAsync(Registration)).Result.Should().Be(RegistrationResult.NoSuchTerminal);
            (await stranger.ReportAsync(Fix(app.Clock.GetCurrentInstant(), 0))).Should().Be(ReplyResult.Failure, "a terminal that has not authenticated");
        }

        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal = number });
        await using (var terminal = await Jt808TerminalClient.ConnectAsync(app.Gateway, number, Jt808Version.V2019))
        {
            var registered = await terminal.RegisterAsync(Registration);
            registered.Result.Should().Be(RegistrationResult.Registered);
            (await terminal.AuthenticateAsync("WRONGCODE")).Should().Be(ReplyResult.Failure);
            (await terminal.AuthenticateAsync(registered.AuthenticationCode!)).Should().Be(ReplyResult.Ok);

            var start = app.Clock.GetCurrentInstant() - Duration.FromMinutes(2);
            (await terminal.ReportAsync(Fix(start, 0))).Should().Be(ReplyResult.Ok);
            (await terminal.UploadAsync([Fix(start, 1), Fix(start, 2), Fix(start, 3)])).Should().Be(ReplyResult.Ok);
            (await terminal.UploadAsync([Fix(start, 1), Fix(start, 2)])).Should().Be(ReplyResult.Ok, "a batch sent again is acknowledged and kept once");

            var track = await app.Host.Services.GetRequiredService<PositionReader>()
                .TrackAsync(FleetApp.JianganPool, car, new Interval(start, start + Duration.FromHours(1)), default);
            track.Select(p => p.At).Should().Equal(Enumerable.Range(0, 4).Select(i => start + Duration.FromSeconds(10 * i)));
            track[1].Latitude.Should().Be(30_593_050);
            track[1].Speed.Should().Be(401);
            track[1].Mileage.Should().Be(123_451);
            track.Should().OnlyContain(p => p.Terminal == "0" + number && p.ReceivedAt == app.Clock.GetCurrentInstant());

            // A code from before the terminal was unbound opens nothing.
            await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal/unbind", new { reason = "终端故障送修" });
            await using var again = await Jt808TerminalClient.ConnectAsync(app.Gateway, number, Jt808Version.V2019);
            (await again.AuthenticateAsync(registered.AuthenticationCode!)).Should().Be(ReplyResult.Failure);
        }
    }

    [Fact]
    public async Task A_report_is_answered_only_once_its_row_is_committed()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 2, 3, 0));
        var (car, number) = await CarAndTerminalNumberAsync();
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal = number });
        await using var terminal = await Jt808TerminalClient.ConnectAsync(app.Gateway, number, Jt808Version.V2013);
        (await terminal.AuthenticateAsync((await terminal.RegisterAsync(Registration)).AuthenticationCode!)).Should().Be(ReplyResult.Ok);
        var table = app.Host.Services.GetRequiredService<PositionPartitions>().Table;

        // Another session holds the table, as a slow disk or a busy database would: the writer's COPY has to wait for it.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"lock table {table} in share mode", holder, hold)) await lockTable.ExecuteNonQueryAsync();

        var fix = Fix(app.Clock.GetCurrentInstant() - Duration.FromMinutes(1), 0);
        var answer = terminal.AnswerToAsync(await terminal.SendAsync(new LocationReport(fix)));
        await using (var waiting = new NpgsqlCommand("select count(*) from pg_locks where not granted and relation = $1::regclass", holder, hold)
                     { Parameters = { new() { Value = table } } })
            for (var polls = 0; (long)(await waiting.ExecuteScalarAsync())! == 0; polls++)
            {
                if (polls == 3000) throw new TimeoutException("The report's write never reached the positions table.");
                await Task.Delay(20);
            }

        answer.IsCompleted.Should().BeFalse("the position is not committed while its write waits");

        await hold.RollbackAsync();
        (await answer).Should().BeOfType<PlatformReply>().Which.Result.Should().Be(ReplyResult.Ok);
        var track = await app.Host.Services.GetRequiredService<PositionReader>()
            .TrackAsync(FleetApp.JianganPool, car, new Interval(fix.Time, fix.Time + Duration.FromMinutes(1)), default);
        track.Should().ContainSingle().Which.At.Should().Be(fix.Time);
    }

    /// <summary>A new car of 江岸 and a terminal number no car carries yet.</summary>
    private async Task<(Guid Car, string Number)> CarAndTerminalNumberAsync()
    {
        var created = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
            new { plate = TestPlates.Next('G'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created);
        return (created.GetProperty("vehicleId").GetGuid(), TerminalBindingTests.NextTerminal());
    }

    /// <summary>The i-th fix of a drive north-east from Hankou, ten seconds apart.</summary>
    private static Jt808Position Fix(Instant start, int i) =>
        new(start + Duration.FromSeconds(10 * i), 30_593_000 + i * 50, 114_305_000 + i * 40, 23, (ushort)(400 + i), 45,
            Status: Jt808Position.PositionedBit | Jt808Position.IgnitionBit, MileageTenthsKm: (uint)(123_450 + i));
}
