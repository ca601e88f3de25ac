using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class ApprovalPoliciesTests
{
    /// <summary>Office hours moved half an hour earlier, Saturday duty added, minibuses now need two levels.</summary>
    private static readonly ChangeApprovalPolicyForm Form = new(
        Version: 2,
        WorkdayStart: new LocalTime(8, 0),
        WorkdayEnd: new LocalTime(17, 0),
        Workdays: [IsoDayOfWeek.Saturday, IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Monday],
        MaxAutoApprovedLength: Duration.FromHours(3),
        TwoLevelClasses: [VehicleClass.Minibus, VehicleClass.Bus]);

    [Fact]
    public void A_new_version_follows_the_current_one_with_its_days_and_classes_sorted_and_without_repeats()
    {
        var changed = ApprovalPolicies.Change(Form, Policy, Now).Events.Should().ContainSingle()
            .Which.Should().BeOfType<PolicyChanged>().Subject;

        changed.Should().BeEquivalentTo(new PolicyChanged(2, new LocalTime(8, 0), new LocalTime(17, 0),
            [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday],
            Duration.FromHours(3), [VehicleClass.Minibus, VehicleClass.Bus], Now), o => o.WithStrictOrdering());

        var policy = ApprovalPolicy.From(changed);
        policy.Version.Should().Be(2);
        policy.Workdays.Should().Contain(IsoDayOfWeek.Saturday);
        policy.TwoLevelClasses.Should().BeEquivalentTo([VehicleClass.Minibus, VehicleClass.Bus]);
    }

    [Fact]
    public void No_two_level_classes_is_a_valid_choice()
    {
        ApprovalPolicies.Change(Form with { TwoLevelClasses = null }, Policy, Now)
            .Events.OfType<PolicyChanged>().Single().TwoLevelClasses.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_change_made_to_another_version_than_the_current_one_is_a_conflict(int version)
    {
        ApprovalPolicies.Change(Form with { Version = version }, Policy, Now)
            .ShouldRefuse("policy.version_not_next", ProblemKind.Conflict);
    }

    [Fact]
    public void The_automatic_limit_may_be_from_a_quarter_of_an_hour_to_a_day()
    {
        ApprovalPolicies.Change(Form with { MaxAutoApprovedLength = Duration.FromMinutes(15) }, Policy, Now).ShouldAcceptOne<PolicyChanged>()
            .MaxAutoApprovedLength.Should().Be(Duration.FromMinutes(15));
        ApprovalPolicies.Change(Form with { MaxAutoApprovedLength = Duration.FromHours(24) }, Policy, Now).ShouldAcceptOne<PolicyChanged>()
            .MaxAutoApprovedLength.Should().Be(Duration.FromHours(24));
    }

    public static TheoryData<ChangeApprovalPolicyForm, string, string> InvalidForms => new()
    {
        { Form with { Version = null }, "version", "validation.required" },
        { Form with { WorkdayStart = null }, "workdayStart", "validation.required" },
        { Form with { WorkdayEnd = null }, "workdayEnd", "validation.required" },
        { Form with { WorkdayEnd = new LocalTime(8, 0) }, "workdayEnd", "policy.workday_ends_before_start" },
        { Form with { WorkdayEnd = new LocalTime(7, 0) }, "workdayEnd", "policy.workday_ends_before_start" },
        { Form with { Workdays = null }, "workdays", "policy.no_workday" },
        { Form with { Workdays = [] }, "workdays", "policy.no_workday" },
        { Form with { Workdays = [IsoDayOfWeek.Monday, IsoDayOfWeek.None] }, "workdays", "policy.workday_invalid" },
        { Form with { MaxAutoApprovedLength = null }, "maxAutoApprovedLength", "validation.required" },
        { Form with { MaxAutoApprovedLength = Duration.FromMinutes(14) }, "maxAutoApprovedLength", "policy.max_length_out_of_range" },
        { Form with { MaxAutoApprovedLength = Duration.FromHours(24) + Duration.FromMinutes(1) }, "maxAutoApprovedLength", "policy.max_length_out_of_range" },
        { Form with { TwoLevelClasses = [(VehicleClass)99] }, "twoLevelClasses", "policy.vehicle_class_invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public void Each_invalid_field_is_named_with_its_code(ChangeApprovalPolicyForm form, string field, string code)
    {
        ApprovalPolicies.Change(form, Policy, Now).ShouldRefuseWith((field, code));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        ApprovalPolicies.Change(new ChangeApprovalPolicyForm(null, null, null, null, null, null), Policy, Now).ShouldRefuseWith(
            ("version", "validation.required"),
            ("workdayStart", "validation.required"),
            ("workdayEnd", "validation.required"),
            ("workdays", "policy.no_workday"),
            ("maxAutoApprovedLength", "validation.required"));
    }

    [Fact]
    public void The_refusal_of_the_limit_says_the_allowed_range_in_minutes()
    {
        ApprovalPolicies.Change(Form with { MaxAutoApprovedLength = Duration.FromMinutes(10) }, Policy, Now)
            .ShouldRefuse("policy.max_length_out_of_range", ProblemKind.Invalid)
            .FormattedMessage.Should().Be("The longest automatically approved trip is between 15 and 1440 minutes; 10 were given.");
    }
}
