using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripContactTests
{
    private static readonly Instant Later = Now + Duration.FromMinutes(10);

    private static Decision Request(RequestTripForm form) =>
        TripRequesting.Request(form, TripId, "420102001", "420102", Clerk, Policy, Year2026, Shanghai, Now);

    private static Decision Amend(RequestTripForm form, Trip trip) => TripRequesting.Amend(form, trip, Clerk, Policy, Year2026, Shanghai, Later);

    [Fact]
    public void A_contact_given_with_the_request_is_recorded_with_it_in_normal_form()
    {
        Request(Form with { Contact = new TripContactForm(" 王芳 ", "139 0713 5566") }).ShouldAccept(
            Requested,
            new TripContactGiven(TripId, "王芳", "13907135566", Clerk, Now),
            new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now));
    }

    [Fact]
    public void A_request_without_a_contact_has_the_clerk_as_contact_and_no_event_for_it()
    {
        Request(Form with { Contact = new TripContactForm("", " ") }).Events.OfType<TripContactGiven>().Should().BeEmpty();
        Given().Contact.Should().BeNull();
    }

    [Fact]
    public void A_name_alone_is_a_contact_but_a_number_needs_a_name()
    {
        Request(Form with { Contact = new TripContactForm("办公室刘主任", null) }).Events.OfType<TripContactGiven>().Should().ContainSingle()
            .Which.Phone.Should().BeNull();

        Request(Form with { Contact = new TripContactForm(null, "13907135566") })
            .ShouldRefuseWith(("contactName", "validation.required"));
    }

    [Fact]
    public void A_bad_number_is_refused_with_the_other_bad_fields_of_the_form()
    {
        Request(Form with { PickUp = "", Contact = new TripContactForm("王芳", "8765432") })
            .ShouldRefuseWith(("pickUp", "validation.required"), ("contactPhone", "validation.phone_invalid"));
    }

    [Fact]
    public void A_new_contact_alone_is_recorded_without_asking_the_policy_again_and_keeps_the_approvals()
    {
        var trip = SecondLevelAwaited;

        var decision = Amend(Form with { Contact = new TripContactForm("王芳", "027-87654321") }, trip);

        decision.ShouldAccept(new TripContactGiven(TripId, "王芳", "027-87654321", Clerk, Later));
        var after = decision.Events.Aggregate(trip, (t, e) => t.Evolve(e));
        after.Contact.Should().Be(new TripContact("王芳", "027-87654321"));
        after.Approvals.Should().Equal(trip.Approvals);
        after.Status.Should().Be(trip.Status);
    }

    [Fact]
    public void An_amendment_records_a_changed_contact_with_the_new_request()
    {
        var trip = AutoApproved.Evolve(new TripContactGiven(TripId, "王芳", "13907135566", Clerk, Now));

        Amend(Form with { Passengers = 1, PassengerNames = null, Contact = new TripContactForm("李强", "13907135567") }, trip).ShouldAccept(
            new TripRequestAmended(TripId, Details with { Passengers = 1, PassengerNames = [] }, Clerk, Later),
            new TripContactGiven(TripId, "李强", "13907135567", Clerk, Later),
            new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Later));
    }

    [Fact]
    public void The_same_contact_or_none_leaves_the_contact_as_it_is()
    {
        var trip = AutoApproved.Evolve(new TripContactGiven(TripId, "王芳", "13907135566", Clerk, Now));

        Amend(Form with { Contact = new TripContactForm("王芳", "139-0713-5566") }, trip).ShouldRefuse("trip.amendment_unchanged", ProblemKind.Conflict);
        Amend(Form with { Contact = null }, trip).ShouldRefuse("trip.amendment_unchanged", ProblemKind.Conflict);
        Amend(Form with { Passengers = 1, PassengerNames = null }, trip).Events.OfType<TripContactGiven>().Should().BeEmpty();
    }

    [Fact]
    public void A_contact_cannot_be_changed_once_a_car_is_dispatched()
    {
        Amend(Form with { Contact = new TripContactForm("王芳", "13907135566") }, Dispatched)
            .ShouldRefuse("trip.already_dispatched", ProblemKind.Conflict);
    }
}
