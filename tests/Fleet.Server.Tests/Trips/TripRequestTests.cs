using System.Net;
using Alba;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// Requesting and approving through HTTP. The fake clock stands at Monday 2026-11-02 09:30 in Asia/Shanghai;
/// the default policy approves trips inside the city, 08:30–17:30 on workdays, up to 4 hours, by itself.
/// </summary>
public class TripRequestTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    /// <summary>Tomorrow 10:00–12:00, three passengers: the policy approves it by itself.</summary>
    private static TripBuilder Form(string start = "2026-11-03T10:00:00+08:00", string end = "2026-11-03T12:00:00+08:00") =>
        new TripBuilder().Between(start, end).Carrying(3);

    private async Task<JsonElement> Request(object form, HttpStatusCode expected = HttpStatusCode.Created) =>
        await app.PostAs(Pool, Role.Clerk, "/api/trips", form, expected);

    [Fact]
    public async Task A_short_trip_in_working_hours_is_approved_by_the_policy_itself()
    {
        var trip = await app.RequestTripAsync(Pool, Form());

        trip.Status.Should().Be("approved");
        trip.Requested.GetProperty("levelsRequired").GetInt32().Should().Be(0);
        trip.Requested.GetProperty("policyVersion").GetInt32().Should().Be(1);
        (await trip.EventTypesAsync()).Should().Equal("trip_requested", "trip_auto_approved");
        (await trip.EventsAsync()).OfType<TripAutoApproved>().Single().PolicyVersion.Should().Be(1);
    }

    [Fact]
    public async Task An_out_of_region_trip_needs_two_different_approvers()
    {
        var trip = await app.RequestTripAsync(Pool, Form().OutOfTheRegion());
        var id = trip.Id;
        (await app.GetAs(Pool, Role.Approver, "/api/trips?awaitingApproval=true&pageSize=200")).GetProperty("items").EnumerateArray()
            .Should().Contain(t => t.GetProperty("id").GetGuid() == id);

        var first = await trip.ApproveAsync();
        first.GetProperty("status").GetString().Should().Be("requested");
        (await app.GetAs(Pool, Role.Approver, "/api/trips?awaitingApproval=true&pageSize=200")).GetProperty("items").EnumerateArray()
            .Should().NotContain(t => t.GetProperty("id").GetGuid() == id, "the inbox holds what this approver still has to decide");
        (await trip.ApproveAsync(HttpStatusCode.Forbidden)).Code().Should().Be("trip.same_approver");

        await app.PostAs(Pool, Role.FleetAdmin, "/api/users",
            new { loginName = "second.approver", displayName = "副职", organisationCode = "JA0001", roles = new[] { "Approver" }, password = "second-approver-pw" },
            HttpStatusCode.Created);
        var token = (await (await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = "second.approver", password = "second-approver-pw" }).ToUrl("/api/auth/token");
        })).ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var second = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { }).ToUrl($"/api/trips/{id}/approve");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBeOk();
        });
        (await second.ReadAsJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("approved");
        var approvals = (await trip.EventsAsync()).OfType<TripApproved>().ToList();
        approvals.Select(a => a.Level).Should().Equal(1, 2);
        approvals.Select(a => a.ApproverId).Should().OnlyHaveUniqueItems("the second level is given by another approver");
    }

    [Fact]
    public async Task An_emergency_goes_ahead_at_once_and_waits_for_review_afterwards()
    {
        var trip = await app.RequestTripAsync(Pool, Form("2026-11-02T22:00:00+08:00", "2026-11-03T02:00:00+08:00").AsEmergency("应急"));
        trip.Status.Should().Be("approved");
        var id = trip.Id;

        var review = await app.GetAs(Pool, Role.Supervisor, "/api/trips?flaggedForReview=true&pageSize=200");
        review.GetProperty("items").EnumerateArray().Should().Contain(t => t.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_is_final()
    {
        var trip = await app.RequestTripAsync(Pool, Form("2026-11-03T18:00:00+08:00", "2026-11-03T20:00:00+08:00"));
        var id = trip.Id;

        (await app.PostAs(Pool, Role.Approver, $"/api/trips/{id}/reject", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");
        (await app.PostAs(Pool, Role.Approver, $"/api/trips/{id}/reject", new { reason = "可乘公共交通" })).GetProperty("status").GetString()
            .Should().Be("rejected");
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{id}/cancel", new { }, HttpStatusCode.Conflict)).Code().Should().Be("trip.already_final");
        (await trip.EventsAsync()).OfType<TripRejected>().Single().Reason.Should().Be("可乘公共交通");
        (await trip.EventTypesAsync()).Should().NotContain("trip_cancelled");
    }

    [Fact]
    public async Task The_clerk_amends_and_cancels_their_request_and_other_units_cannot_touch_it()
    {
        var trip = await app.RequestTripAsync(Pool, Form());
        var id = trip.Id;

        var amended = await app.PostAs(Pool, Role.Clerk, $"/api/trips/{id}/amend", Form(end: "2026-11-03T13:00:00+08:00").Body);
        amended.GetProperty("details").GetProperty("end").GetString().Should().Be("2026-11-03T05:00:00Z");

        await app.PostAs(FleetApp.Jianghan, Role.Clerk, $"/api/trips/{id}/cancel", new { }, HttpStatusCode.NotFound);
        await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/trips/{id}", HttpStatusCode.NotFound);
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{id}/cancel", new { reason = "会议取消" })).GetProperty("status").GetString().Should().Be("cancelled");
        var events = await trip.EventsAsync();
        events.OfType<TripRequestAmended>().Single().Details.End.Should().Be(NodaTime.Instant.FromUtc(2026, 11, 3, 5, 0));
        events.OfType<TripCancelled>().Single().Reason.Should().Be("会议取消", "the cancellation from the other unit stored nothing");
    }

    [Fact]
    public async Task A_new_policy_version_changes_what_is_approved_automatically_and_is_recorded()
    {
        // 江汉 changes its policy; 江岸's other tests keep the default.
        const string other = FleetApp.Jianghan;
        var policy = await app.GetAs(other, Role.FleetAdmin, "/api/approval-policy");
        policy.GetProperty("version").GetInt32().Should().Be(1);

        var changed = await app.PostAs(other, Role.FleetAdmin, "/api/approval-policy", new
        {
            version = 2, workdayStart = "08:30:00", workdayEnd = "17:30:00",
            workdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, maxAutoApprovedLength = "1:00:00",
            twoLevelClasses = new[] { "Bus" },
        });
        changed.GetProperty("version").GetInt32().Should().Be(2);

        var trip = await app.RequestTripAsync(other, Form("2026-11-04T10:00:00+08:00", "2026-11-04T12:00:00+08:00"));
        trip.Status.Should().Be("requested");
        trip.Requested.GetProperty("policyVersion").GetInt32().Should().Be(2);
        (await trip.EventsAsync()).OfType<TripApprovalRequired>().Single().PolicyVersion.Should().Be(2, "the decision records the policy version it used");

        (await app.PostAs(other, Role.FleetAdmin, "/api/approval-policy", new { version = 2 }, HttpStatusCode.Conflict)).Code()
            .Should().Be("policy.version_not_next");
        (await app.GetAs(Pool, Role.FleetAdmin, "/api/approval-policy")).GetProperty("version").GetInt32()
            .Should().Be(1, "each pool keeps its own policy");
    }

    [Fact]
    public async Task Bad_requests_name_their_fields_and_roles_are_kept_apart()
    {
        var past = await Request(Form("2026-11-01T10:00:00+08:00", "2026-11-01T12:00:00+08:00").Body, HttpStatusCode.BadRequest);
        past.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).Should().Contain("trip.start_not_in_future");

        var empty = await Request(new { }, HttpStatusCode.BadRequest);
        empty.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())
            .Should().Contain(["purpose", "purposeText", "passengers", "pickUp", "destinations", "start", "end"]);

        await app.PostAs(Pool, Role.Dispatcher, "/api/trips", Form().Body, HttpStatusCode.Forbidden);
        var trip = await app.RequestTripAsync(Pool, Form().OutOfTheRegion());
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.Forbidden);
        (await trip.EventTypesAsync()).Should().Equal("trip_requested", "trip_approval_required");
        await app.PostAs(Pool, Role.FleetAdmin, "/api/approval-policy", new { }, HttpStatusCode.BadRequest);
        await app.PostAs(Pool, Role.Supervisor, "/api/approval-policy", new { version = 2 }, HttpStatusCode.Forbidden);
        await app.GetAs(Pool, Role.Clerk, "/api/trips?status=flying", HttpStatusCode.BadRequest);
    }
}
