using System.Text.Json;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>
/// Notifications in a province (ADR 025): a request in 仙桃, which shares its database with 襄阳, tells 仙桃's approver, is
/// kept in that database with 仙桃's pool, and tells nobody of 襄阳's: not its unit heads, its city office or its supervisors.
/// </summary>
public sealed class ProvinceNotificationsTests(ProvinceNotificationsTests.Fleet app) : IClassFixture<ProvinceNotificationsTests.Fleet>
{
    public sealed class Fleet : ProvinceFleet
    {
        protected override bool SetsUpCities => true;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var setup = Host.Services.GetRequiredService<CitySetup>();
            foreach (var (city, prefix) in new[] { (Xiantao, "xt"), (Xiangyang, "xy") })
            {
                var unit = $"{prefix.ToUpperInvariant()}0001";
                await setup.EstablishAsync(new EstablishOrganisationForm(unit, $"{prefix}办公室", city), OrganisationKind.Unit, CancellationToken.None);
                await setup.RegisterUserAsync(new RegisterUserForm($"{prefix}-clerk", $"{prefix}办事员", unit, [nameof(Role.Clerk)], Password), CancellationToken.None);
                await setup.RegisterUserAsync(new RegisterUserForm($"{prefix}-head", $"{prefix}处长", unit, [nameof(Role.Approver)], Password), CancellationToken.None);
                await setup.RegisterUserAsync(new RegisterUserForm($"{prefix}-office", $"{prefix}机关事务局", city, [nameof(Role.Approver)], Password), CancellationToken.None);
            }
        }
    }

    private async Task<IReadOnlyList<JsonElement>> NotificationsOf(string login, Func<JsonElement, bool> until)
    {
        for (var attempt = 0; ; attempt++)
        {
            var items = (await app.GetAsync(login, "/api/my/notifications?pageSize=100")).GetProperty("notifications").GetProperty("items").EnumerateArray().ToList();
            // The subscription runs on its own, shortly after the command; a loaded machine may take seconds.
            if (items.Any(until) || attempt == 150) return items;
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_citys_request_tells_its_own_approvers_and_nobody_of_the_city_sharing_its_database()
    {
        // A whole day out of the region needs the unit's head.
        var requested = await app.PostAsync("xt-clerk", "/api/trips",
            new TripBuilder().For("防汛检查").To("洪湖").On(new LocalDate(2026, 11, 10), 8, 18).OutOfTheRegion().Body);
        var trip = requested.GetProperty("tripId").GetGuid();
        Func<JsonElement, bool> about = n => n.GetProperty("link").GetString() == $"/trips/{trip}";

        (await NotificationsOf("xt-head", about)).Any(about).Should().BeTrue("the unit's head is asked");
        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase,
            $"select count(*) from public.fleet_notifications where link = '/trips/{trip}' and pool = '{ProvinceFleet.Xiantao}'")).Should().BeGreaterThan(0);

        foreach (var outsider in new[] { "xy-office", "xy-head", "xy-admin" })
            (await NotificationsOf(outsider, _ => false)).Any(about).Should().BeFalse($"{outsider} is of 襄阳");
    }
}
