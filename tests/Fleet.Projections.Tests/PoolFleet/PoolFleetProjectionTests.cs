using Fleet.Domain.Vehicles;
using Fleet.Testing;
using FluentAssertions;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Xunit;
using PoolFleetView = Fleet.Projections.PoolFleet.PoolFleet;

namespace Fleet.Projections.Tests.PoolFleet;

public class PoolFleetProjectionTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static VehicleRegistered Registered(string plate, string pool, VehicleCategory category, VehicleClass @class, int seats, EnergyType energy) =>
        new(Guid.CreateVersion7(), plate, category, @class, seats, energy, pool, FleetApp.Start);

    private async Task RegisterFleetAsync()
    {
        await using var session = app.Store.LightweightSession();
        foreach (var e in new[]
                 {
                     Registered("鄂A·Q0001", "420102", VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Gasoline),
                     Registered("鄂A·Q0002", "420102", VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.BatteryElectric),
                     Registered("鄂A·Q0003", "420102", VehicleCategory.EmergencySupport, VehicleClass.Minibus, 15, EnergyType.Diesel),
                     Registered("鄂A·Q0004", "420103", VehicleCategory.LawEnforcement, VehicleClass.Mpv, 7, EnergyType.Gasoline),
                 })
        {
            session.Events.StartStream(e.VehicleId, e);
        }

        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task The_daemon_counts_each_pools_vehicles_by_category_class_and_energy()
    {
        await RegisterFleetAsync();

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        await using var query = app.Store.QuerySession();
        var jiangan = await query.LoadAsync<PoolFleetView>("420102");
        jiangan!.Vehicles.Should().Be(3);
        jiangan.Seats.Should().Be(25);
        jiangan.ByCategory.Should().BeEquivalentTo(new Dictionary<VehicleCategory, int>
        {
            [VehicleCategory.GeneralOfficial] = 2,
            [VehicleCategory.EmergencySupport] = 1,
        });
        jiangan.ByClass.Should().BeEquivalentTo(new Dictionary<VehicleClass, int> { [VehicleClass.Sedan] = 2, [VehicleClass.Minibus] = 1 });
        jiangan.ByEnergyType.Should().HaveCount(3);
        (await query.LoadAsync<PoolFleetView>("420103"))!.Vehicles.Should().Be(1);

        // A rebuild from the events alone gives the same figures.
        using var daemon = await app.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Fleet.Projections.PoolFleet.PoolFleetProjection>(CancellationToken.None);

        await using var afterRebuild = app.Store.QuerySession();
        var rebuilt = await afterRebuild.LoadAsync<PoolFleetView>("420102");
        rebuilt.Should().BeEquivalentTo(jiangan);
        (await afterRebuild.Query<PoolFleetView>().CountAsync()).Should().Be(2);
    }
}
