using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Timers;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>A server with <c>Fleet:Notifications:Enabled</c> false, and the e-mail channel configured all the same.</summary>
public sealed class NotificationsOffApp : FleetApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Notifications:Enabled"] = "false",
        ["Fleet:Notifications:Email:Host"] = "127.0.0.1",
        ["Fleet:Notifications:Email:FromAddress"] = "fleet@jiangan-motorpool.example.gov.cn",
    };
}

/// <summary>
/// Switched off, notifications cost the trips nothing: no feed reads their events, nothing is kept or queued for anybody,
/// the day's notices and a leftover approval wait tell nobody, and the centre still answers, empty. (Switched on, the
/// other notification tests show the same commands telling people.)
/// </summary>
public sealed class NotificationsSwitchedOffTests(NotificationsOffApp app) : IClassFixture<NotificationsOffApp>
{
    private const string Pool = FleetApp.Jiangan;

    [Fact]
    public async Task A_trip_request_and_its_approval_make_no_notification_and_the_centre_answers_empty()
    {
        await app.PostAs(Pool, Role.Approver, "/api/my/notification-preferences", new { email = "head@ja0001.example.gov.cn", channels = new[] { "Email" } });
        // A whole day's trip needs the unit head under the default policy: switched on, the head would be told of it.
        var trip = await app.RequestTripAsync(Pool, new TripBuilder().For("防汛物资检查").To("武汉港").On(new LocalDate(2026, 11, 3), 8, 18));
        await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip.Id}/approve", new { });
        await app.Host.InvokeMessageAndWaitAsync(new SendDailyNotices(new LocalDate(2026, 11, 2)));
        await app.Host.InvokeMessageAndWaitAsync(new CheckApprovalWaiting(trip.Id, FleetApp.JianganPool, 1, Guid.NewGuid()));

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var shards = await Strings("select name from mt_event_progression");
        shards.Should().NotBeEmpty("the daemon ran the projections over the trip's events")
            .And.NotContain(name => name.StartsWith(NotificationFeed.Name), "no feed reads the events for notifications");

        var store = app.Host.Services.GetRequiredService<NotificationStore>();
        (await app.ScalarSqlAsync<long>($"select count(*) from {store.Notifications}")).Should().Be(0);
        (await app.ScalarSqlAsync<long>($"select count(*) from {store.Deliveries}")).Should().Be(0);
        (await app.ScalarSqlAsync<long>("select count(*) from wolverine_incoming_envelopes where message_type ilike '%checkapprovalwaiting' or message_type ilike '%delivernotification'"))
            .Should().Be(0, "no approval wait is scheduled and no delivery queued");

        foreach (var role in new[] { Role.Approver, Role.Clerk })
        {
            var mine = await app.GetAs(Pool, role, "/api/my/notifications");
            mine.GetProperty("notifications").GetProperty("items").GetArrayLength().Should().Be(0);
        }

        var page = await app.ScenarioAs(Pool, Role.Approver, s =>
        {
            s.Get.Url("/notifications");
            s.StatusCodeShouldBeOk();
        });
        (await page.ReadAsTextAsync()).Should().Contain("<main");
    }

    private async Task<List<string>> Strings(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
