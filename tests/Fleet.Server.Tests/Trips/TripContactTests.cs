using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// Who the driver calls about a trip, given by the clerk with the request or an amendment, and the driver's own number
/// on the trip once dispatched. The fake clock stands at Monday 2026-11-02 09:30 in Asia/Shanghai.
/// </summary>
public class TripContactTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    private static TripBuilder Form() => new TripBuilder().Between("2026-11-04T10:00:00+08:00", "2026-11-04T12:00:00+08:00").Carrying(2);

    [Fact]
    public async Task A_contact_given_with_the_request_is_stored_in_normal_form_and_shown_with_the_trip()
    {
        var trip = await app.RequestTripAsync(Pool, Form().WithContact(" 王芳 ", "139 0713 5566"));

        trip.Status.Should().Be("approved");
        (await trip.EventTypesAsync()).Should().Equal("trip_requested", "trip_contact_given", "trip_auto_approved");
        var given = (await trip.EventsAsync()).OfType<TripContactGiven>().Single();
        given.Name.Should().Be("王芳");
        given.Phone.Should().Be("13907135566");

        var shown = await app.GetAs(Pool, Role.Dispatcher, $"/api/trips/{trip.Id}");
        shown.GetProperty("contact").GetProperty("name").GetString().Should().Be("王芳");
        shown.GetProperty("contact").GetProperty("phone").GetString().Should().Be("13907135566");
    }

    [Fact]
    public async Task A_request_without_a_contact_stores_none()
    {
        var trip = await app.RequestTripAsync(Pool, Form());

        (await trip.EventTypesAsync()).Should().Equal("trip_requested", "trip_auto_approved");
        var shown = await app.GetAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}");
        (!shown.TryGetProperty("contact", out var contact) || contact.ValueKind == JsonValueKind.Null).Should().BeTrue("the clerk is the contact");
    }

    [Fact]
    public async Task Amending_only_the_contact_keeps_the_approval_and_a_changed_request_records_both()
    {
        var trip = await app.RequestTripAsync(Pool, Form().WithContact("王芳", "13907135566"));

        var amended = await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}/amend", Form().WithContact("李强", "027-8765 4321").Body);
        amended.GetProperty("status").GetString().Should().Be("approved");
        amended.GetProperty("contact").GetProperty("phone").GetString().Should().Be("027-87654321");
        (await trip.EventTypesAsync()).Should().Equal("trip_requested", "trip_contact_given", "trip_auto_approved", "trip_contact_given");

        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}/amend", Form().WithContact("李强", "02787654321").Body, HttpStatusCode.Conflict))
            .Code().Should().Be("trip.amendment_unchanged");
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}/amend", Form().Body, HttpStatusCode.Conflict))
            .Code().Should().Be("trip.amendment_unchanged", "a form without a contact leaves the contact as it was");

        var longer = Form().Between("2026-11-04T10:00:00+08:00", "2026-11-04T13:00:00+08:00").WithContact("赵敏", "13907135567");
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}/amend", longer.Body);
        (await trip.EventTypesAsync()).Skip(4).Should().Equal("trip_request_amended", "trip_contact_given", "trip_auto_approved");
    }

    [Fact]
    public async Task A_number_that_cannot_be_called_is_refused_on_its_field_in_words_a_clerk_can_act_on()
    {
        var problem = await app.PostAs(Pool, Role.Clerk, "/api/trips", Form().WithContact("王芳", "8765432").Body, HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").EnumerateArray().Should().ContainSingle().Subject;
        error.GetProperty("field").GetString().Should().Be("contactPhone");
        error.GetProperty("code").GetString().Should().Be("validation.phone_invalid");
        error.GetProperty("message").GetString().Should().Contain("联系电话").And.Contain("8765432").And.Contain("区号");

        var nameless = await app.PostAs(Pool, Role.Clerk, "/api/trips", Form().WithContact("", "13907135566").Body, HttpStatusCode.BadRequest);
        nameless.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Equal("contactName");

        var english = await app.ScenarioAs(Pool, Role.Clerk, s =>
        {
            s.WithRequestHeader("Accept-Language", "en");
            s.Post.Json(Form().WithContact("Wang Fang", "12345").Body).ToUrl("/api/trips");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        var message = english.ReadAsJson<JsonElement>().GetProperty("errors")[0].GetProperty("message").GetString();
        message.Should().Contain("contact phone").And.Contain("area code");
    }

    [Fact]
    public async Task The_dispatch_board_shows_the_contact_of_a_trip_waiting_for_a_car()
    {
        var trip = await app.RequestTripAsync(Pool, Form().WithContact("王芳", "13907135566"));

        var board = await app.GetAs(Pool, Role.Dispatcher, "/api/dispatch-board?day=2026-11-04");
        board.GetProperty("awaitingDispatch").EnumerateArray().Single(t => t.GetProperty("tripId").GetGuid() == trip.Id)
            .GetProperty("contact").GetProperty("phone").GetString().Should().Be("13907135566");
    }
}
