using Alba;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using FluentAssertions;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Events;
using Marten.Exceptions;
using Xunit;
using PoolFleetView = Fleet.Projections.PoolFleet.PoolFleet;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// A province's cities each in their own database (ADR 025): a pool's events and documents are written to and read from its
/// city's database only, two cities may share one, and the projections of every database run.
/// </summary>
public sealed class CityDatabasesTests(ProvinceFleet app) : IClassFixture<ProvinceFleet>
{
    private static VehicleRegistered Registered(string pool, int number) =>
        new(Guid.CreateVersion7(), $"鄂A·Q{number:0000}", VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Gasoline, pool, FleetApp.Start);

    private async Task<VehicleRegistered> RegisterAsync(string pool, int number)
    {
        var registered = Registered(pool, number);
        await using var session = app.Store.LightweightSession(pool);
        session.Events.StartStream(registered.VehicleId, registered);
        await session.SaveChangesAsync();
        return registered;
    }

    private static Task<long> CountAsync(string connectionString, Guid stream) =>
        ProvinceFleet.ScalarAsync<long>(connectionString, $"select count(*) from public.mt_events where stream_id = '{stream}'");

    [Fact]
    public async Task A_pools_events_land_in_its_citys_database_and_nowhere_else()
    {
        var wuhan = await RegisterAsync("420102", 1);
        var xiangyang = await RegisterAsync("420602", 2);
        var xiantao = await RegisterAsync(ProvinceFleet.Xiantao, 3);

        (await CountAsync(app.WuhanDatabase, wuhan.VehicleId)).Should().Be(1);
        (await CountAsync(app.XiangyangAndXiantaoDatabase, wuhan.VehicleId)).Should().Be(0);
        (await CountAsync(app.ConnectionString, wuhan.VehicleId)).Should().Be(0, "the province's database holds no city's pools");

        (await CountAsync(app.XiangyangAndXiantaoDatabase, xiangyang.VehicleId)).Should().Be(1);
        (await CountAsync(app.XiangyangAndXiantaoDatabase, xiantao.VehicleId)).Should().Be(1, "Xiantao shares Xiangyang's database");
        (await CountAsync(app.WuhanDatabase, xiangyang.VehicleId)).Should().Be(0);
    }

    [Fact]
    public async Task The_projections_of_every_database_run_and_answer_in_their_pools_city()
    {
        await RegisterAsync("420103", 11);
        await RegisterAsync("420103", 12);
        await RegisterAsync(ProvinceFleet.Xiangyang, 13);

        await app.Store.WaitForNonStaleProjectionDataAsync("420103", TimeSpan.FromSeconds(60));
        await app.Store.WaitForNonStaleProjectionDataAsync(ProvinceFleet.Xiangyang, TimeSpan.FromSeconds(60));

        await using (var wuhan = app.Store.QuerySession("420103"))
        {
            (await wuhan.LoadAsync<PoolFleetView>("420103"))!.Vehicles.Should().BeGreaterThanOrEqualTo(2);
        }

        await using (var xiangyang = app.Store.QuerySession(ProvinceFleet.Xiangyang))
        {
            (await xiangyang.LoadAsync<PoolFleetView>(ProvinceFleet.Xiangyang))!.Vehicles.Should().BeGreaterThanOrEqualTo(1);
        }

        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase,
            "select count(*) from public.mt_doc_poolfleet where tenant_id = '420103'")).Should().Be(0);
    }

    [Fact]
    public async Task A_session_reaches_the_other_pools_of_its_city_and_never_another_citys()
    {
        var registered = await RegisterAsync("420102", 21);

        await using (var query = app.Store.QuerySession(ProvinceFleet.Wuhan))
        {
            (await query.ForTenant("420102").Events.FetchStreamAsync(registered.VehicleId)).Should().ContainSingle();
            // A read as another city's pool looks in this city's database, where that pool has nothing.
            (await query.ForTenant("420602").Query<VehicleRegistered>().AnyAsync()).Should().BeFalse();
        }

        await using var session = app.Store.LightweightSession(ProvinceFleet.Wuhan);
        session.ForTenant("420103").Events.StartStream(Guid.CreateVersion7(), Registered("420103", 22));
        await session.SaveChangesAsync();

        var otherCity = () => session.ForTenant("420602");
        otherCity.Should().Throw<InvalidTenantForDatabaseException>("a write never crosses into another city's database");

        var unknown = () => app.Store.QuerySession("430102");
        unknown.Should().Throw<UnknownTenantIdException>("no listed city runs that pool");
    }

    [Fact]
    public async Task Every_database_is_created_at_start_and_remembers_its_own_schema_fingerprint()
    {
        foreach (var database in new[] { app.ConnectionString, app.WuhanDatabase, app.XiangyangAndXiantaoDatabase })
        {
            (await ProvinceFleet.ScalarAsync<string>(database, "select fingerprint from public.fleet_schema_fingerprint"))
                .Should().Be(SchemaSetup.Fingerprint(app.Store));
        }

        var databases = await app.Store.Storage.AllDatabases();
        databases.Select(d => d.TenantIds.Order().ToArray()).Should().BeEquivalentTo<string[]>(
            [["420000"], ["420100", "420102", "420103"], ["420600", "420602", "429004"]], "the province's database holds its own pool and no city's");
    }

    [Fact]
    public async Task The_projections_report_names_every_database_and_how_far_each_has_read()
    {
        var report = await app.Host.GetAsJson<System.Text.Json.JsonElement>("/health/projections");

        var databases = report.GetProperty("databases").EnumerateArray().ToList();
        databases.Should().HaveCount(3);
        databases.Should().OnlyContain(d => d.GetProperty("answers").GetBoolean());
        databases.SelectMany(d => d.GetProperty("cities").EnumerateArray().Select(c => c.GetString())).Should()
            .BeEquivalentTo([ProvinceFleet.Wuhan, ProvinceFleet.Xiangyang, ProvinceFleet.Xiantao]);
    }
}
