using System.Net;
using Fleet.Domain.People;
using Fleet.Samples.DemoCity.Tracks;
using Fleet.Samples.TerminalSimulator;
using Fleet.Server.Positions.Store;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// The terminal simulator against the server's own gateway on a socket: its cars' reports, live and in batches after a
/// signal gap, are stored against the cars their terminals are bound to; a terminal no car carries is let in nowhere.
/// </summary>
public sealed class TerminalSimulatorTests(GatewayApp app) : IClassFixture<GatewayApp>
{
    [Fact]
    public async Task Drives_two_bound_cars_and_their_reports_are_stored_against_them_and_an_unbound_terminal_is_refused()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 3, 6, 0));
        var cars = new List<(Guid Car, string Terminal)>();
        for (var i = 0; i < 2; i++)
        {
            var created = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
                new { plate = TestPlates.Next('S'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created);
            var car = created.GetProperty("vehicleId").GetGuid();
            var terminal = TerminalBindingTests.NextTerminal();
            await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal });
            cars.Add((car, terminal));
        }

        var start = app.Clock.GetCurrentInstant() - Duration.FromHours(1);
        var options = new SimulatorOptions
        {
            Host = app.Gateway.Address.ToString(), Port = app.Gateway.Port, Terminals = [cars[0].Terminal, cars[1].Terminal, TerminalBindingTests.NextTerminal()],
            Interval = Duration.FromSeconds(10), SpeedUp = 20_000, Duration = Duration.FromMinutes(45), Start = start, Misuse = Misuse.Unplugged,
        };
        var outcomes = await new Simulation(options, app.Clock, TextWriter.Null).RunAsync(CancellationToken.None);

        outcomes[2].Authenticated.Should().BeFalse("the third terminal is bound to no car");
        var reader = app.Host.Services.GetRequiredService<PositionReader>();
        for (var i = 0; i < 2; i++)
        {
            var outcome = outcomes[i];
            outcome.Refused.Should().Be(0);
            var track = await reader.TrackAsync(FleetApp.JianganPool, cars[i].Car, new Interval(start, app.Clock.GetCurrentInstant()), CancellationToken.None);
            track.Should().HaveCount(outcome.Reported, "every acknowledged report is stored, once").And.OnlyContain(p => p.Terminal.EndsWith(cars[i].Terminal, StringComparison.Ordinal));
            track.Select(p => p.Mileage).Should().BeInAscendingOrder().And.OnlyContain(m => m != null, "every report carries the mileage item");
            track.Select(p => p.At).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
        }

        outcomes[0].Note.Should().StartWith("unplugged");
        var unplugged = await reader.TrackAsync(FleetApp.JianganPool, cars[0].Car, new Interval(start, app.Clock.GetCurrentInstant()), CancellationToken.None);
        unplugged[^1].Alarm.Should().Be(DemoTracks.MainPowerCut, "the unplugged terminal's last word is its power cut");
        outcomes[1].Batches.Should().BeGreaterThan(0, "the car drove through a signal gap and sent what it kept in one batch");
        outcomes[1].Heartbeats.Should().BeGreaterThan(0, "the car stood at an office and kept its connection alive");
        (outcomes[1].Reported * 10).Should().BeGreaterThan(60, "it reported every ten seconds while driving");
    }
}
