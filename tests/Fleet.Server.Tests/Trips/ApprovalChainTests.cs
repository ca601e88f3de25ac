using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// A pool's policy sends trips out of the city through the district office: the unit head signs the first step, an
/// approver of the district office (区机关事务管理局) the second, each only their own, and either may turn it down.
/// </summary>
public sealed class ApprovalChainTests(ApprovalChainTests.ChainFleet app) : IClassFixture<ApprovalChainTests.ChainFleet>
{
    public sealed class ChainFleet : FleetApp
    {
        public const string OfficeLogin = "ja.office.approver", OfficePassword = "office-approver-2026";

        public string OfficeBearer { get; private set; } = "";

        public string CityOfficeBearer { get; private set; } = "";

        public Guid OfficeApprover { get; private set; }

        public Guid CityOfficeApprover { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await ChangeStepsAsync(Jiangan,
                new { office = "Unit", when = new[] { ApprovalConditions.AnyReason } },
                new { office = "PoolOffice", when = new[] { PolicyReasons.OutOfRegion } });

            // The district's own organisation carries the pool's code: its approvers are the office's.
            var registered = await this.PostAs(Jiangan, Role.FleetAdmin, "/api/users", new
            {
                loginName = OfficeLogin, displayName = "区机关事务局 刘审批", organisationCode = JianganPool, roles = new[] { "Approver" }, password = OfficePassword,
            }, HttpStatusCode.Created);
            OfficeApprover = registered.GetProperty("userId").GetGuid();
            OfficeBearer = await BearerAsync(OfficeLogin, OfficePassword);

            // The city's own organisation: its approvers sign the city office's steps, whichever pool runs the trip.
            (CityOfficeApprover, CityOfficeBearer) = await OfficeApproverAsync(City, CityPool, "city.office.approver", "市机关事务局 王审批");
        }

        public async Task ChangeStepsAsync(string pool, params object[] steps)
        {
            var current = await this.GetAs(pool, Role.FleetAdmin, "/api/approval-policy");
            await this.PostAs(pool, Role.FleetAdmin, "/api/approval-policy", new
            {
                version = current.GetProperty("version").GetInt32() + 1,
                workdayStart = current.GetProperty("workdayStart").GetString(),
                workdayEnd = current.GetProperty("workdayEnd").GetString(),
                workdays = current.GetProperty("workdays"),
                maxAutoApprovedLength = current.GetProperty("maxAutoApprovedLength").GetString(),
                twoLevelClasses = current.GetProperty("twoLevelClasses"),
                steps,
            });
        }

        /// <summary>Registers an approver of an office (an organisation that runs a pool) and signs them in for the API.</summary>
        public async Task<(Guid Id, string Bearer)> OfficeApproverAsync(string pool, string organisation, string login, string name)
        {
            var registered = await this.PostAs(pool, Role.FleetAdmin, "/api/users", new
            {
                loginName = login, displayName = name, organisationCode = organisation, roles = new[] { "Approver" }, password = login + "-2026",
            }, HttpStatusCode.Created);
            return (registered.GetProperty("userId").GetGuid(), await BearerAsync(login, login + "-2026"));
        }

        public async Task<string> BearerAsync(string login, string password)
        {
            var token = await Host.Scenario(s =>
            {
                s.Post.Json(new { loginName = login, password }).ToUrl("/api/auth/token");
                s.StatusCodeShouldBeOk();
            });
            return new AuthenticationHeaderValue("Bearer", (await token.ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()).ToString();
        }

        public Task<JsonElement> AsOfficeAsync(string url, object? body, HttpStatusCode expected) => AsAsync(OfficeBearer, url, body, expected);

        public Task<JsonElement> AsCityOfficeAsync(string url, object? body, HttpStatusCode expected) => AsAsync(CityOfficeBearer, url, body, expected);

        public async Task<JsonElement> AsAsync(string bearer, string url, object? body, HttpStatusCode expected)
        {
            var result = await Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                if (body is null) s.Get.Url(url);
                else s.Post.Json(body).ToUrl(url);
                s.StatusCodeShouldBe(expected);
            });
            return await result.ReadAsJsonAsync<JsonElement>();
        }
    }

    private static readonly TripBuilder OutOfCity = new TripBuilder { OutOfRegion = true }.To("孝感市政务中心");

    private static async Task<IReadOnlyList<Guid>> InboxAsync(Task<JsonElement> answer) =>
        (await answer).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_trip_out_of_the_city_is_approved_by_the_unit_head_then_by_the_district_office()
    {
        var trip = await app.RequestTripAsync(FleetApp.Jiangan, OutOfCity);
        trip.Status.Should().Be("requested");
        (await trip.EventsAsync()).OfType<TripApprovalChainRequired>().Should().ContainSingle()
            .Which.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);

        // The office's step comes second: it cannot sign first, nor see the trip in its inbox yet.
        (await app.AsOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.Forbidden)).Code().Should().Be("trip.not_your_step");
        (await InboxAsync(app.AsOfficeAsync("/api/trips?awaitingApproval=true", null, HttpStatusCode.OK))).Should().NotContain(trip.Id);
        (await InboxAsync(app.GetAs(FleetApp.Jiangan, Role.Approver, "/api/trips?awaitingApproval=true"))).Should().Contain(trip.Id);

        var first = await trip.ApproveAsync();
        first.GetProperty("status").GetString().Should().Be("requested");
        first.GetProperty("nextOffice").GetString().Should().Be("poolOffice");

        // Now it waits for the office alone: the unit head has signed and cannot sign the next step.
        (await InboxAsync(app.GetAs(FleetApp.Jiangan, Role.Approver, "/api/trips?awaitingApproval=true"))).Should().NotContain(trip.Id);
        (await InboxAsync(app.AsOfficeAsync("/api/trips?awaitingApproval=true", null, HttpStatusCode.OK))).Should().Contain(trip.Id);
        (await trip.ApproveAsync(HttpStatusCode.Forbidden)).Code().Should().Be("trip.same_approver");

        // The office is told the request waits for it, as the unit head was told before.
        (await NotificationsAsync(app.OfficeBearer, trip.Id)).Should().Contain(n => n.GetProperty("kind").GetString() == "approvalWaiting");

        var approved = await app.AsOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.OK);
        approved.GetProperty("status").GetString().Should().Be("approved");
        (await trip.EventsAsync()).OfType<TripApproved>().Select(a => (a.Level, a.ApproverId)).Should()
            .HaveCount(2).And.Contain((2, app.OfficeApprover));
    }

    /// <summary>An approver's notifications about the trip, once the feed has told them of it (or after half a minute).</summary>
    private async Task<List<JsonElement>> NotificationsAsync(string bearer, Guid trip)
    {
        for (var tries = 0; ; tries++)
        {
            var items = (await app.AsAsync(bearer, "/api/my/notifications?pageSize=200", null, HttpStatusCode.OK))
                .GetProperty("notifications").GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("link").GetString() == $"/trips/{trip}").ToList();
            if (items.Count > 0 || tries > 150) return items;
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_district_office_turns_a_trip_down_at_its_step_and_the_unit_cannot_at_that_step()
    {
        var trip = await app.RequestTripAsync(FleetApp.Jiangan, OutOfCity);
        await trip.ApproveAsync();

        (await app.PostAs(FleetApp.Jiangan, Role.Approver, $"/api/trips/{trip.Id}/reject", new { reason = "不同意" }, HttpStatusCode.Forbidden))
            .Code().Should().Be("trip.same_approver");
        var rejected = await app.AsOfficeAsync($"/api/trips/{trip.Id}/reject", new { reason = "外出事由不充分，请改为视频会议" }, HttpStatusCode.OK);

        rejected.GetProperty("status").GetString().Should().Be("rejected");
        (await trip.EventsAsync()).OfType<TripRejected>().Should().ContainSingle().Which.ApproverId.Should().Be(app.OfficeApprover);
    }

    [Fact]
    public async Task A_trip_inside_the_city_needs_the_unit_alone_and_another_districts_office_never_finds_the_trip()
    {
        var late = await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().Between("2026-11-03T17:00:00+08:00", "2026-11-03T19:00:00+08:00"));
        (await late.EventsAsync()).OfType<TripApprovalRequired>().Should().ContainSingle().Which.Levels.Should().Be(1);
        (await late.ApproveAsync()).GetProperty("status").GetString().Should().Be("approved");

        var away = await app.RequestTripAsync(FleetApp.Jiangan, OutOfCity);
        await away.ApproveAsync();
        // Jianghan's unit head is nobody's approver here: the trip is not found in that pool.
        (await app.PostAs(FleetApp.Jianghan, Role.Approver, $"/api/trips/{away.Id}/approve", new { }, HttpStatusCode.NotFound))
            .Code().Should().Be("trip.not_found");
    }

    [Fact]
    public async Task A_districts_trip_out_of_the_province_goes_up_to_the_city_office_which_alone_sees_it_of_the_city_and_signs_last()
    {
        await app.ChangeStepsAsync(FleetApp.Jianghan,
            new { office = "Unit", when = new[] { ApprovalConditions.AnyReason } },
            new { office = "PoolOffice", when = new[] { PolicyReasons.OutOfRegion } },
            new { office = "CityOffice", when = new[] { PolicyReasons.OutOfRegion } });
        var (districtApprover, district) = await app.OfficeApproverAsync(FleetApp.Jianghan, FleetApp.JianghanPool, "jh.office.approver", "江汉区机关事务局 陈审批");
        var trip = await app.RequestTripAsync(FleetApp.Jianghan, new TripBuilder { OutOfRegion = true }.To("北京市国家机关事务管理局"));
        var inside = await app.RequestTripAsync(FleetApp.Jianghan, new TripBuilder().Between("2026-11-03T17:00:00+08:00", "2026-11-03T19:00:00+08:00"));
        (await trip.EventsAsync()).OfType<TripApprovalChainRequired>().Should().ContainSingle()
            .Which.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice, ApprovalOffice.CityOffice);

        // The city's approver reaches a district's trip only when its chain goes up to the city, and signs only at that step.
        (await app.AsCityOfficeAsync($"/api/trips/{inside.Id}", null, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await app.AsCityOfficeAsync($"/api/trips/{inside.Id}/approve", new { }, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await app.AsCityOfficeAsync($"/api/trips/{trip.Id}", null, HttpStatusCode.OK)).GetProperty("nextOffice").GetString().Should().Be("unit");
        (await app.AsCityOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.Forbidden)).Code().Should().Be("trip.not_your_step");
        (await InboxAsync(app.AsCityOfficeAsync("/api/trips?awaitingApproval=true", null, HttpStatusCode.OK))).Should().NotContain(trip.Id);
        // A trip list that is not the inbox stays the city's own pool.
        (await InboxAsync(app.AsCityOfficeAsync("/api/trips?pageSize=200", null, HttpStatusCode.OK))).Should().NotContain([trip.Id, inside.Id]);

        await trip.ApproveAsync();
        // Jiangan's office is not Jianghan's, and the city's approver is not the district office.
        (await app.AsOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await app.AsCityOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.Forbidden)).Code().Should().Be("trip.not_your_step");
        (await app.AsAsync(district, $"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.OK)).GetProperty("nextOffice").GetString().Should().Be("cityOffice");

        // Now it waits for the city: in the city office's inbox, and the city's approvers are told.
        (await InboxAsync(app.AsCityOfficeAsync("/api/trips?awaitingApproval=true", null, HttpStatusCode.OK))).Should().Contain(trip.Id);
        (await InboxAsync(app.AsAsync(district, "/api/trips?awaitingApproval=true", null, HttpStatusCode.OK))).Should().NotContain(trip.Id);
        (await NotificationsAsync(app.CityOfficeBearer, trip.Id)).Should().Contain(n => n.GetProperty("kind").GetString() == "approvalWaiting");

        var approved = await app.AsCityOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.OK);
        approved.GetProperty("status").GetString().Should().Be("approved");
        // The approval is written in the district's pool, where the trip lives: its unit and dispatchers see it approved.
        (await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/trips/{trip.Id}")).GetProperty("status").GetString().Should().Be("approved");
        (await trip.EventsAsync()).OfType<TripApproved>().Select(a => (a.Level, a.ApproverId)).Skip(1).Should()
            .Equal((2, districtApprover), (3, app.CityOfficeApprover));
        (await app.AsCityOfficeAsync("/api/trips?awaitingApproval=true", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("id").GetGuid()).Should().NotContain(trip.Id);

        // Written into the district's pool from the city's sign-in, the approval is sealed like any other event.
        var audit = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify?from=start");
        audit.GetProperty("intact").GetBoolean().Should().BeTrue(audit.ToString());
    }
}
