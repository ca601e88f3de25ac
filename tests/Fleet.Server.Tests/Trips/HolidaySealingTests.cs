using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// 江岸's fleet admin seals the cars over a weekend: a trip on a sealed day then needs the district office's exception
/// after the unit head, the sealing is refused where it overlaps, comes too late or ends first, nobody else may seal, and
/// lifting it frees the days again. The fixture is <see cref="ApprovalChainTests.ChainFleet"/>'s (an office approver).
/// </summary>
public sealed class HolidaySealingTests(ApprovalChainTests.ChainFleet app) : IClassFixture<ApprovalChainTests.ChainFleet>
{
    private static readonly TripBuilder OnSealedSaturday = new TripBuilder().For("周末检查防汛物资").On(new LocalDate(2026, 11, 7), 10, 12);

    private static IReadOnlyList<JsonElement> Items(JsonElement sealings) => [.. sealings.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_trip_on_a_sealed_day_needs_the_district_offices_exception_until_the_sealing_is_lifted()
    {
        (await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/sealings", new { from = "2026-11-07", to = "2026-11-08", reason = "周末" }, HttpStatusCode.Forbidden))
            .Code().Should().Be("auth.forbidden");
        var sealings = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/sealings",
            new { from = "2026-11-07", to = "2026-11-08", reason = "周末车辆封存" });
        var sealing = Items(sealings).Should().ContainSingle().Subject;
        sealing.GetProperty("lastDay").GetString().Should().Be("2026-11-08");
        Items(await app.GetAs(FleetApp.Jiangan, Role.Clerk, "/api/sealings")).Should().ContainSingle("everybody in the pool reads the sealings");
        Items(await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings")).Select(s => s.GetProperty("sealingId").GetGuid()).Should()
            .NotContain(sealing.GetProperty("sealingId").GetGuid(), "another district's cars are not sealed");

        var trip = await app.RequestTripAsync(FleetApp.Jiangan, OnSealedSaturday);
        var asked = (await trip.EventsAsync()).OfType<TripApprovalChainRequired>().Should().ContainSingle().Subject;
        asked.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);
        asked.Reasons.Should().Contain(PolicyReasons.HolidaySealed);
        await trip.ApproveAsync();
        (await app.AsOfficeAsync($"/api/trips/{trip.Id}/approve", new { }, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("approved");

        var id = sealing.GetProperty("sealingId").GetGuid();
        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/sealings/{id}/lift", new { reason = "越权" }, HttpStatusCode.NotFound))
            .Code().Should().Be("sealing.not_found");
        var lifted = Items(await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/sealings/{id}/lift", new { reason = "周末安排值班用车" })).Single();
        lifted.GetProperty("liftedFrom").GetString().Should().Be("2026-11-07", "lifted before it started, it never held");
        lifted.GetProperty("lastDay").ValueKind.Should().Be(JsonValueKind.Null);
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/sealings/{id}/lift", new { reason = "再次" }, HttpStatusCode.Conflict))
            .Code().Should().Be("sealing.already_lifted");

        var after = await app.RequestTripAsync(FleetApp.Jiangan, OnSealedSaturday);
        (await after.EventsAsync()).OfType<TripApprovalRequired>().Should().ContainSingle("the unit head alone decides a weekend trip again")
            .Which.Reasons.Should().NotContain(PolicyReasons.HolidaySealed);
    }

    [Theory]
    [InlineData("2026-12-20", "2026-12-21", HttpStatusCode.Conflict, "sealing.overlaps")]
    [InlineData("2026-12-25", "2026-12-24", HttpStatusCode.BadRequest, "sealing.ends_before_start")]
    [InlineData("2026-11-01", "2026-11-03", HttpStatusCode.BadRequest, "sealing.in_the_past")]
    [InlineData("2026-12-01", "2026-12-16", HttpStatusCode.BadRequest, "sealing.too_long")]
    public async Task A_sealing_that_overlaps_comes_too_late_or_cannot_be_is_refused_and_nothing_is_sealed(string from, string to, HttpStatusCode status, string code)
    {
        var before = Items(await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings"));
        if (before.Count == 0)
            await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings", new { from = "2026-12-19", to = "2026-12-20", reason = "周末车辆封存" });
        var sealed_ = Items(await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings")).Count;

        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings", new { from, to, reason = "封存" }, status)).Code().Should().Be(code);
        Items(await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/sealings")).Should().HaveCount(sealed_);
    }
}
