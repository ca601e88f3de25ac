using System.Net;
using System.Text.RegularExpressions;
using Alba;
using Fleet.Samples.DemoHost;
using Fleet.Samples.DemoCity;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// The pages' forms take what a browser sends, and a browser can be made to send anything: a time far outside the years
/// Fleet keeps is shown back as a problem of its field, never a server error.
/// </summary>
public sealed partial class PageFormTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Theory]
    [InlineData("-9998-01-01T00:00")]
    [InlineData("0001-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    [InlineData("+275760-09-13T00:00")]
    public async Task A_trip_request_at_a_time_outside_the_calendar_is_shown_as_the_fields_problem(string moment)
    {
        var signIn = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = DemoCityGenerator.Login(FleetApp.Jiangan, Fleet.Domain.People.Role.Clerk), password = DemoCityGenerator.Password })
                .ToUrl("/api/auth/sign-in");
            s.StatusCodeShouldBeOk();
        });
        var cookie = signIn.Context.Response.Headers.SetCookie.ToString().Split(';')[0];
        var form = await app.Host.Scenario(s =>
        {
            s.Get.Url("/trips/new");
            s.WithRequestHeader("Cookie", cookie);
            s.StatusCodeShouldBeOk();
        });
        var token = AntiforgeryField().Match(await form.ReadAsTextAsync()).Groups["token"].Value;
        var antiforgery = form.Context.Response.Headers.SetCookie.ToString().Split(';')[0];

        var answer = await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Purpose"] = "Meeting", ["PurposeText"] = "参加会议", ["Start"] = moment, ["End"] = moment,
                ["PickUp"] = "区政府", ["Destinations[0]"] = "市民之家", ["Passengers"] = "2", ["WithDriver"] = "true",
            }).ToUrl("/trips/new");
            s.WithRequestHeader("Cookie", $"{cookie}; {antiforgery}");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });

        (await answer.ReadAsTextAsync()).Should().Contain("2000 年至 2100 年", "the form says which times it takes");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
