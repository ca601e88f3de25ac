using System.Net;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Security;
using Fleet.Testing;
using NodaTime;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>Every kind of answer — a page, the API, a refusal, a file — carries the same protective headers.</summary>
public class SecurityHeadersTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Theory]
    [InlineData("/sign-in", 200)]
    [InlineData("/api/me", 401)]
    [InlineData("/api/vehicles/not-an-id", 401)]
    [InlineData("/css/fleet.css", 200)]
    [InlineData("/no-such-page", 302)]
    public async Task Pages_api_refusals_and_files_carry_the_security_headers(string url, int status)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });

        var headers = result.Context.Response.Headers;
        (headers.XContentTypeOptions.ToString(), headers.XFrameOptions.ToString(), headers["Referrer-Policy"].ToString())
            .Should().Be(("nosniff", "DENY", "same-origin"));
        headers.ContentSecurityPolicy.ToString().Should().Be(SecurityHeaders.ContentPolicy);
        headers["Permissions-Policy"].ToString().Should().Contain("camera=()");
    }

    [Fact]
    public async Task A_signed_in_answer_carries_them_too_and_the_reference_pages_go_without_the_content_policy()
    {
        var me = await app.ScenarioAs(FleetApp.Jiangan, Role.Clerk, s => s.Get.Url("/api/me"));
        me.Context.Response.Headers.ContentSecurityPolicy.ToString().Should().Be(SecurityHeaders.ContentPolicy);

        var reference = await app.Host.Scenario(s => s.Get.Url("/api/reference/v1"));
        reference.Context.Response.Headers.XContentTypeOptions.ToString().Should().Be("nosniff");
        reference.Context.Response.Headers.ContentSecurityPolicy.ToString().Should().BeEmpty("the reference pages configure themselves inline");
    }
}

/// <summary>One clerk's script cannot book without end: trip requests through the API are limited per person and minute.</summary>
public class BookingRateLimitTests(BookingLimitedApp app) : IClassFixture<BookingLimitedApp>
{
    private static object Form(int hour) => new TripBuilder().For("批量预约").On(new LocalDate(2026, 12, 8), new LocalTime(hour, 0), new LocalTime(hour, 30)).Body;

    [Fact]
    public async Task The_fourth_request_in_a_minute_is_refused_with_a_problem_and_books_nothing()
    {
        for (var hour = 9; hour < 12; hour++) await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/trips", Form(hour), HttpStatusCode.Created);

        var refused = await app.ScenarioAs(FleetApp.Jiangan, Role.Clerk, s =>
        {
            s.Post.Json(Form(12)).ToUrl("/api/trips");
            s.StatusCodeShouldBe(429);
        });
        (await refused.ReadAsJsonAsync<System.Text.Json.JsonElement>()).Code().Should().Be("request.rate_limited");
        int.Parse(refused.Context.Response.Headers.RetryAfter.ToString()).Should().BeInRange(1, 60, "the client is told when the minute is over");
        var mine = await app.GetAs(FleetApp.Jiangan, Role.Clerk, "/api/trips?pageSize=200");
        mine.GetProperty("items").EnumerateArray().Should().HaveCount(3);

        // Another person's limit is their own.
        await app.PostAs(FleetApp.Jianghan, Role.Clerk, "/api/trips", Form(9), HttpStatusCode.Created);
    }
}

public sealed class BookingLimitedApp : FleetApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:RateLimits:BookingsPerMinute"] = "3",
    };
}
