using Fleet.Domain.Common;
using Fleet.Domain.Notifications;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

/// <summary>Approval beyond the unit: a chain of steps, each signed by the office it names, chosen by conditions.</summary>
public class ApprovalChainTests
{
    private static readonly Guid OfficeApprover = Guid.Parse("01900000-0000-7000-8000-0000000000e1");
    private static readonly Guid OtherOfficeApprover = Guid.Parse("01900000-0000-7000-8000-0000000000e2");
    private static readonly Guid CityApprover = Guid.Parse("01900000-0000-7000-8000-0000000000e3");

    /// <summary>The unit head for any reason; the pool's office out of the city or above 10 passengers; another of the unit's approvers overnight.</summary>
    private static readonly ApprovalPolicy ThreeSteps = ApprovalPolicy.Default with
    {
        Version = 4,
        Steps =
        [
            new ApprovalStep(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]),
            new ApprovalStep(ApprovalOffice.PoolOffice, [PolicyReasons.OutOfRegion], PassengersOver: 10),
            new ApprovalStep(ApprovalOffice.Unit, [PolicyReasons.Overnight]),
        ],
    };

    private static PolicyOutcome Evaluate(ApprovalPolicy policy, TripDetails details) => policy.Evaluate(details, Shanghai, Year2026);

    [Fact]
    public void The_default_chain_asks_the_unit_once_for_any_reason_and_twice_out_of_the_city_overnight_or_in_a_costly_class()
    {
        Evaluate(Policy, Details).Steps.Should().BeEmpty();
        Evaluate(Policy, Details with { End = Local(2026, 11, 3, 18) }).Steps.Should().Equal(ApprovalOffice.Unit);
        Evaluate(Policy, Details with { OutOfRegion = true }).Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.Unit);
        Evaluate(Policy, Details with { WantedClass = VehicleClass.Bus, Passengers = 30 }).Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.Unit);
    }

    [Fact]
    public void Each_step_whose_condition_holds_is_on_the_chain_in_the_chains_order()
    {
        var inCity = Evaluate(ThreeSteps, Details with { Start = Local(2026, 11, 3, 15), End = Local(2026, 11, 3, 18) });
        inCity.Steps.Should().Equal(ApprovalOffice.Unit);
        inCity.Reasons.Should().Equal(PolicyReasons.OutsideWorkingHours);

        Evaluate(ThreeSteps, Details with { OutOfRegion = true }).Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);

        var awayOvernight = Evaluate(ThreeSteps, Details with { OutOfRegion = true, End = Local(2026, 11, 4, 10) });
        awayOvernight.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice, ApprovalOffice.Unit);
        awayOvernight.Reasons.Should().Equal(PolicyReasons.OutOfRegion, PolicyReasons.Overnight, PolicyReasons.OutsideWorkingHours,
            PolicyReasons.LongerThanAutoLimit);
    }

    [Fact]
    public void More_passengers_than_a_step_allows_put_it_on_the_chain_and_say_so_one_more_does_not_at_the_limit()
    {
        Evaluate(ThreeSteps, Details with { Passengers = 10 }).Steps.Should().BeEmpty();

        var many = Evaluate(ThreeSteps, Details with { Passengers = 11 });
        many.Reasons.Should().Equal(PolicyReasons.PassengersOver);
        many.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);
    }

    [Fact]
    public void An_emergency_goes_at_once_whatever_the_chain_and_lists_what_would_have_applied()
    {
        var outcome = Evaluate(ThreeSteps, Details with { Urgency = TripUrgency.Emergency, OutOfRegion = true });

        outcome.Steps.Should().BeEmpty();
        outcome.Reasons.Should().Equal(PolicyReasons.Emergency, PolicyReasons.OutOfRegion);
        outcome.ReviewAfterwards.Should().BeTrue();
    }

    [Fact]
    public void A_chain_beyond_the_unit_is_recorded_with_its_offices_and_one_of_the_unit_alone_as_levels()
    {
        var beyond = TripRequesting.Request(Form with { OutOfRegion = true }, TripId, "420102001", "420102", Clerk, ThreeSteps, Year2026, Shanghai, Now);
        beyond.Events.OfType<TripApprovalChainRequired>().Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new TripApprovalChainRequired(TripId, [ApprovalOffice.Unit, ApprovalOffice.PoolOffice], 4,
                [PolicyReasons.OutOfRegion], Now), o => o.WithStrictOrdering());

        var unitOnly = TripRequesting.Request(Form with { OutOfRegion = true }, TripId, "420102001", "420102", Clerk, Policy, Year2026, Shanghai, Now);
        unitOnly.Events.OfType<TripApprovalRequired>().Should().ContainSingle().Which.Levels.Should().Be(2);
        unitOnly.Events.OfType<TripApprovalChainRequired>().Should().BeEmpty();
    }

    private static Trip AwaitingUnitThenOffice =>
        Given(new TripApprovalChainRequired(TripId, [ApprovalOffice.Unit, ApprovalOffice.PoolOffice], 4, [PolicyReasons.OutOfRegion], Now));

    [Fact]
    public void The_unit_head_signs_the_first_step_and_the_pools_office_the_second_which_approves_the_trip()
    {
        var trip = AwaitingUnitThenOffice;
        trip.NextOffice.Should().Be(ApprovalOffice.Unit);

        var first = TripApproving.Approve(trip, UnitHead, approverIsRequester: false, Now, ApprovalOffice.Unit);
        first.ShouldAccept(new TripApproved(TripId, UnitHead, 1, 4, Now));
        trip = trip.Evolve(first.Events[0]);
        trip.Status.Should().Be(TripStatus.Requested);
        trip.NextOffice.Should().Be(ApprovalOffice.PoolOffice);

        var second = TripApproving.Approve(trip, OfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice);
        second.ShouldAccept(new TripApproved(TripId, OfficeApprover, 2, 4, Now));
        trip = trip.Evolve(second.Events[0]);
        trip.Status.Should().Be(TripStatus.Approved);
        trip.NextOffice.Should().BeNull();
    }

    [Fact]
    public void An_office_signs_only_its_own_step()
    {
        TripApproving.Approve(AwaitingUnitThenOffice, OfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice)
            .ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);

        var atOffice = AwaitingUnitThenOffice.Evolve(new TripApproved(TripId, UnitHead, 1, 4, Now));
        TripApproving.Approve(atOffice, SecondApprover, approverIsRequester: false, Now, ApprovalOffice.Unit)
            .ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);
        TripApproving.Reject(atOffice, SecondApprover, new RejectTripForm("不同意"), Now, ApprovalOffice.Unit)
            .ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);
    }

    [Fact]
    public void A_request_waiting_too_long_at_the_offices_step_reminds_the_office_not_the_units_deputies()
    {
        TripNotices.Overdue(AwaitingUnitThenOffice, Now).Audience.Should().Be(Audience.UnitDeputies);
        var atOffice = AwaitingUnitThenOffice.Evolve(new TripApproved(TripId, UnitHead, 1, 4, Now));
        TripNotices.Overdue(atOffice, Now).Audience.Should().Be(Audience.PoolOfficeApprovers);
        TripNotices.For(AwaitingUnitThenOffice, atOffice, new TripApproved(TripId, UnitHead, 1, 4, Now))
            .Should().ContainSingle().Which.Audience.Should().Be(Audience.PoolOfficeApprovers);
    }

    [Fact]
    public void A_trip_goes_up_from_the_unit_through_the_district_office_to_the_city_office_each_signing_its_own_step_in_turn()
    {
        var trip = Given(new TripApprovalChainRequired(TripId, [ApprovalOffice.Unit, ApprovalOffice.PoolOffice, ApprovalOffice.CityOffice], 4,
            [PolicyReasons.OutOfRegion], Now));

        TripApproving.Approve(trip, CityApprover, approverIsRequester: false, Now, ApprovalOffice.CityOffice).ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);
        trip = trip.Evolve(TripApproving.Approve(trip, UnitHead, approverIsRequester: false, Now, ApprovalOffice.Unit).Events.Single());
        TripApproving.Approve(trip, CityApprover, approverIsRequester: false, Now, ApprovalOffice.CityOffice).ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);
        TripNotices.Overdue(trip, Now).Audience.Should().Be(Audience.PoolOfficeApprovers);

        var second = TripApproving.Approve(trip, OfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice);
        TripNotices.For(trip, trip.Evolve(second.Events[0]), second.Events[0]).Should().ContainSingle().Which.Audience.Should().Be(Audience.CityOfficeApprovers);
        trip = trip.Evolve(second.Events[0]);
        trip.NextOffice.Should().Be(ApprovalOffice.CityOffice);
        trip.Status.Should().Be(TripStatus.Requested);
        TripNotices.Overdue(trip, Now).Audience.Should().Be(Audience.CityOfficeApprovers);
        TripApproving.Approve(trip, OtherOfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice).ShouldRefuse("trip.not_your_step", ProblemKind.Forbidden);

        var third = TripApproving.Approve(trip, CityApprover, approverIsRequester: false, Now, ApprovalOffice.CityOffice);
        third.ShouldAccept(new TripApproved(TripId, CityApprover, 3, 4, Now));
        trip.Evolve(third.Events[0]).Status.Should().Be(TripStatus.Approved);
    }

    [Fact]
    public void A_policy_may_send_a_district_trip_up_to_the_city_office()
    {
        var changed = ApprovalPolicies.Change(FormWith(
                new ApprovalStepForm(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]),
                new ApprovalStepForm(ApprovalOffice.CityOffice, [PolicyReasons.OutOfRegion])),
            Policy, Now).ShouldAcceptOne<ApprovalPolicyChanged>();

        var asked = TripRequesting.Request(Form with { OutOfRegion = true }, TripId, "420102001", "420102", Clerk, ApprovalPolicy.From(changed), Year2026,
            Shanghai, Now);
        asked.Events.OfType<TripApprovalChainRequired>().Should().ContainSingle()
            .Which.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.CityOffice);
    }

    [Fact]
    public void Nobody_signs_two_steps_even_of_one_office()
    {
        var twiceOffice = Given(new TripApprovalChainRequired(TripId, [ApprovalOffice.PoolOffice, ApprovalOffice.PoolOffice], 4, [PolicyReasons.OutOfRegion], Now))
            .Evolve(new TripApproved(TripId, OfficeApprover, 1, 4, Now));

        TripApproving.Approve(twiceOffice, OfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice)
            .ShouldRefuse("trip.same_approver", ProblemKind.Forbidden);
        TripApproving.Approve(twiceOffice, OtherOfficeApprover, approverIsRequester: false, Now, ApprovalOffice.PoolOffice)
            .ShouldAccept(new TripApproved(TripId, OtherOfficeApprover, 2, 4, Now));
    }

    [Fact]
    public void The_pools_office_turns_a_request_down_at_its_step_and_the_trip_ends_there()
    {
        var atOffice = AwaitingUnitThenOffice.Evolve(new TripApproved(TripId, UnitHead, 1, 4, Now));

        var rejected = TripApproving.Reject(atOffice, OfficeApprover, new RejectTripForm("外出事由不充分"), Now, ApprovalOffice.PoolOffice);

        rejected.ShouldAccept(new TripRejected(TripId, OfficeApprover, "外出事由不充分", 4, Now));
        atOffice.Evolve(rejected.Events[0]).Status.Should().Be(TripStatus.Rejected);
    }

    [Fact]
    public void Amending_the_request_drops_the_chain_and_its_approvals_until_the_policy_answers_again()
    {
        var amended = AwaitingUnitThenOffice.Evolve(new TripApproved(TripId, UnitHead, 1, 4, Now))
            .Evolve(new TripRequestAmended(TripId, Details, Clerk, Now));

        amended.Approvals.Should().BeEmpty();
        amended.ApprovalSteps.Should().BeNull();
        amended.AwaitingApproval.Should().BeFalse();
    }

    private static ChangeApprovalPolicyForm FormWith(params ApprovalStepForm[] steps) => new(
        Version: 2, WorkdayStart: new LocalTime(8, 30), WorkdayEnd: new LocalTime(17, 30),
        Workdays: [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
        MaxAutoApprovedLength: Duration.FromHours(4), TwoLevelClasses: [VehicleClass.Bus], Steps: steps);

    [Fact]
    public void A_policy_with_a_step_beyond_the_unit_is_a_new_version_that_carries_its_chain()
    {
        var changed = ApprovalPolicies.Change(FormWith(
                new ApprovalStepForm(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]),
                new ApprovalStepForm(ApprovalOffice.PoolOffice, [PolicyReasons.OutOfRegion, " policy.overnight ", PolicyReasons.OutOfRegion], 20)),
            Policy, Now).ShouldAcceptOne<ApprovalPolicyChanged>();

        changed.Version.Should().Be(2);
        changed.Steps.Should().Equal(
            new ApprovalStep(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]),
            new ApprovalStep(ApprovalOffice.PoolOffice, [PolicyReasons.OutOfRegion, PolicyReasons.Overnight], 20));
        ApprovalPolicy.From(changed).Steps.Should().Equal(changed.Steps);
        changed.WithoutChain().Should().Be(new PolicyChanged(2, changed.WorkdayStart, changed.WorkdayEnd, changed.Workdays,
            changed.MaxAutoApprovedLength, changed.TwoLevelClasses, Now));
    }

    [Fact]
    public void A_policy_with_the_default_chain_or_none_given_is_recorded_as_before_and_none_given_keeps_the_current_chain()
    {
        ApprovalPolicies.Change(FormWith([.. ApprovalChain.Default.Select(s => new ApprovalStepForm(s.Office, s.When))]), Policy, Now)
            .ShouldAcceptOne<PolicyChanged>();
        ApprovalPolicies.Change(FormWith() with { Steps = null }, Policy, Now).ShouldAcceptOne<PolicyChanged>();

        ApprovalPolicies.Change(FormWith() with { Version = 5, Steps = null }, ThreeSteps, Now)
            .ShouldAcceptOne<ApprovalPolicyChanged>().Steps.Should().Equal(ThreeSteps.Steps);
    }

    public static TheoryData<string, ApprovalStepForm[]> BadChains => new()
    {
        { "policy.no_step", [] },
        { "policy.too_many_steps", [.. Enumerable.Repeat(new ApprovalStepForm(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]), ApprovalChain.MaxSteps + 1)] },
        { "policy.step_office_invalid", [new ApprovalStepForm(null, [ApprovalConditions.AnyReason])] },
        { "policy.step_office_invalid", [new ApprovalStepForm((ApprovalOffice)9, [ApprovalConditions.AnyReason])] },
        { "policy.step_condition_invalid", [new ApprovalStepForm(ApprovalOffice.PoolOffice, ["policy.on_a_whim"])] },
        { "policy.step_emergency", [new ApprovalStepForm(ApprovalOffice.PoolOffice, [PolicyReasons.Emergency])] },
        { "policy.step_without_condition", [new ApprovalStepForm(ApprovalOffice.PoolOffice, [])] },
        { "policy.step_without_condition", [new ApprovalStepForm(ApprovalOffice.PoolOffice, null)] },
        { "policy.step_passengers_out_of_range", [new ApprovalStepForm(ApprovalOffice.PoolOffice, [], -1)] },
        { "policy.step_passengers_out_of_range", [new ApprovalStepForm(ApprovalOffice.PoolOffice, [], TripRequesting.MaxPassengers + 1)] },
    };

    [Theory]
    [MemberData(nameof(BadChains))]
    public void A_chain_that_cannot_work_is_refused_with_the_step_it_concerns(string code, ApprovalStepForm[] steps)
    {
        var problem = ApprovalPolicies.Change(FormWith(steps), Policy, Now).ShouldRefuse(code, ProblemKind.Invalid);
        problem.Field.Should().StartWith("steps");
    }

    [Fact]
    public void A_step_for_passengers_alone_is_valid_at_the_limits()
    {
        ApprovalPolicies.Change(FormWith(new ApprovalStepForm(ApprovalOffice.PoolOffice, [], 0)), Policy, Now).ShouldAcceptOne<ApprovalPolicyChanged>();
        ApprovalPolicies.Change(FormWith(new ApprovalStepForm(ApprovalOffice.PoolOffice, [], TripRequesting.MaxPassengers)), Policy, Now)
            .ShouldAcceptOne<ApprovalPolicyChanged>();
    }
}
