using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using NodaTime;
using Xunit;

namespace Fleet.Projections.Tests.VehicleRegistry;

public class VehicleSummaryProjectionTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static VehicleRegistered Registered(string plate, Instant at, string pool = "420102") =>
        new(Guid.CreateVersion7(), plate, VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Hybrid, pool, at);

    [Fact]
    public async Task A_registration_is_visible_in_the_same_transaction_that_wrote_it()
    {
        var registered = Registered("鄂A·P0001", FleetApp.Start);
        await using var session = app.Store.LightweightSession();

        session.Events.StartStream(registered.VehicleId, registered);
        await session.SaveChangesAsync();

        var summary = await session.LoadAsync<VehicleSummary>(registered.VehicleId);
        summary.Should().BeEquivalentTo(new VehicleSummary(registered.VehicleId, "鄂A·P0001", PlateKind.Ordinary,
            VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Hybrid, "420102", FleetApp.Start, 1));
    }

    [Fact]
    public async Task The_plate_index_refuses_a_second_vehicle_with_the_same_plate_and_keeps_nothing_of_it()
    {
        var first = Registered("鄂A·P0002", FleetApp.Start);
        var second = Registered("鄂A·P0002", FleetApp.Start);
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(first.VehicleId, first);
            await session.SaveChangesAsync();
        }

        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(second.VehicleId, second);
            var save = () => session.SaveChangesAsync();
            (await save.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain(VehicleSummary.PlateIndexName);
        }

        await using var query = app.Store.QuerySession();
        (await query.Events.FetchStreamStateAsync(second.VehicleId)).Should().BeNull("the event and its projection commit or fail together");
    }

    [Fact]
    public async Task Linq_compares_instants_as_timestamps()
    {
        var early = Registered("鄂A·P0010", Instant.FromUtc(2026, 3, 1, 8, 0), pool: "420111");
        var late = Registered("鄂A·P0011", Instant.FromUtc(2026, 10, 1, 8, 0), pool: "420111");
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(early.VehicleId, early);
            session.Events.StartStream(late.VehicleId, late);
            await session.SaveChangesAsync();
        }

        await using var query = app.Store.QuerySession();
        var cutoff = Instant.FromUtc(2026, 6, 1, 0, 0);
        var after = await query.Query<VehicleSummary>()
            .Where(v => v.HomePool == "420111" && v.RegisteredAt > cutoff)
            .Select(v => v.Plate)
            .ToListAsync();
        var ordered = await query.Query<VehicleSummary>()
            .Where(v => v.HomePool == "420111")
            .OrderByDescending(v => v.RegisteredAt)
            .Select(v => v.Plate)
            .ToListAsync();

        after.Should().Equal("鄂A·P0011");
        ordered.Should().Equal("鄂A·P0011", "鄂A·P0010");
    }
}
