using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Projections.Compliance;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// The demo city's records from outside as a fleet admin and a supervisor find them after the first start: every car's
/// cards, a month of weekly imports, and each planted mismatch on the compliance list as the flag of its kind.
/// </summary>
public sealed partial class DemoCityTests
{
    [Fact]
    public async Task Every_car_has_its_cards_and_one_worn_fuel_card_was_replaced_in_each_pool()
    {
        foreach (var pool in new[] { FleetApp.City, FleetApp.Jiangan, FleetApp.Jianghan })
        {
            var cards = (await app.GetAs(pool, Role.FleetAdmin, "/api/cards")).EnumerateArray().ToList();
            var vehicles = (await app.GetAs(pool, Role.FleetAdmin, "/api/vehicles")).GetProperty("totalItems").GetInt32();
            cards.Count(c => c.GetProperty("kind").GetString() == "etc" && c.GetProperty("status").GetString() == "bound").Should().Be(vehicles, pool);
            cards.Should().Contain(c => c.GetProperty("kind").GetString() == "fuel" && c.GetProperty("status").GetString() == "bound");
            cards.Where(c => c.GetProperty("status").GetString() == "replaced").Should().ContainSingle(pool)
                .Which.GetProperty("replacedBy").GetString().Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task The_compliance_list_shows_each_planted_mismatch_of_the_records_as_its_flag()
    {
        var planted = Played.Value.Generator.PlantedMismatches;
        planted.Should().NotBeEmpty();
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        // A district's supervisor sees the district's flags, the city's supervisor the whole city's.
        foreach (var (prefix, pool) in new[] { (FleetApp.City, FleetApp.CityPool), (FleetApp.Jiangan, FleetApp.JianganPool), (FleetApp.Jianghan, FleetApp.JianghanPool) })
        {
            var report = await app.GetAs(prefix, Role.Supervisor, "/api/compliance?period=2026-10");
            var byKind = report.GetProperty("byKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            foreach (var kind in Enum.GetValues<RecordFindingKind>().Where(k => k != RecordFindingKind.FuelOverDistance))
                byKind.GetValueOrDefault(JsonNamingPolicy.CamelCase.ConvertName(RecordFlags.KindOf(kind).ToString()))
                    .Should().Be(planted.Count(p => (pool == FleetApp.CityPool || p.Pool == pool) && p.Kind == kind), $"{kind} as {prefix}'s supervisor sees it");
        }

        planted.Select(p => p.Pool).Distinct().Should().HaveCount(3, "every pool has its mismatches");
    }
}
