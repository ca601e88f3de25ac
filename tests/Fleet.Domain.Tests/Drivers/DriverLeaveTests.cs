using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverLeaveTests
{
    private static readonly Guid LeaveId = Guid.CreateVersion7();

    /// <summary>Annual leave for 3 and 4 November, local time.</summary>
    private static readonly ScheduleDriverLeaveForm AnnualLeave =
        new(Local(2026, 11, 3), Local(2026, 11, 5), "Annual", "探亲");

    private static Driver OnAnnualLeave =>
        Active.When(new DriverLeaveScheduled(Id, LeaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), LeaveKind.Annual, null, Now));

    [Fact]
    public void A_leave_is_scheduled_with_its_period_kind_and_note()
    {
        DriverLeave.Schedule(AnnualLeave, Active, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(
            Id, LeaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), LeaveKind.Annual, "探亲", Now));
    }

    [Theory]
    [InlineData("年休假", LeaveKind.Annual)]
    [InlineData("病假", LeaveKind.Sick)]
    [InlineData("事假", LeaveKind.Personal)]
    [InlineData("培训", LeaveKind.Training)]
    [InlineData("其他", LeaveKind.Other)]
    [InlineData("sick", LeaveKind.Sick)]
    public void Kinds_are_accepted_in_English_or_Chinese(string typed, LeaveKind kind)
    {
        DriverLeave.Schedule(AnnualLeave with { Kind = typed }, Active, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, LeaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), kind, "探亲", Now));
    }

    [Fact]
    public void A_blank_note_is_no_note()
    {
        DriverLeave.Schedule(AnnualLeave with { Note = "  " }, Active, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, LeaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), LeaveKind.Annual, null, Now));
    }

    [Fact]
    public void Sick_leave_can_be_recorded_afterwards()
    {
        var yesterday = new ScheduleDriverLeaveForm(Local(2026, 11, 1), Local(2026, 11, 2), "Sick", null);

        DriverLeave.Schedule(yesterday, Active, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, LeaveId, Between(Local(2026, 11, 1), Local(2026, 11, 2)), LeaveKind.Sick, null, Now));
    }

    [Fact]
    public void A_suspended_driver_can_be_given_leave()
    {
        DriverLeave.Schedule(AnnualLeave, Suspended, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, LeaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), LeaveKind.Annual, "探亲", Now));
    }

    [Fact]
    public void A_leave_of_exactly_180_days_is_accepted_and_one_minute_more_is_not()
    {
        var start = Local(2026, 12, 1);

        DriverLeave.Schedule(AnnualLeave with { Start = start, End = start + Duration.FromDays(180) }, Active, LeaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, LeaveId, Between(start, start + Duration.FromDays(180)), LeaveKind.Annual, "探亲", Now));

        var problem = DriverLeave.Schedule(
                AnnualLeave with { Start = start, End = start + Duration.FromDays(180) + Duration.FromMinutes(1) },
                Active, LeaveId, Shanghai, Now)
            .ShouldRefuse("driver.leave_too_long", ProblemKind.Invalid);
        problem.FormattedMessage.Should().Be("A leave lasts at most 180 days; this one lasts 181. Record a longer absence as a suspension or a transfer.");
    }

    [Fact]
    public void A_leave_must_end_after_it_starts()
    {
        var problem = DriverLeave.Schedule(AnnualLeave with { End = AnnualLeave.Start }, Active, LeaveId, Shanghai, Now)
            .ShouldRefuse("driver.leave_ends_before_start", ProblemKind.Invalid);

        problem.Field.Should().Be("end");
        problem.FormattedMessage.Should().Be("A leave ends after it starts: 2026-11-03 00:00 is not after 2026-11-03 00:00.");
    }

    public static TheoryData<ScheduleDriverLeaveForm, string, string> InvalidCommands => new()
    {
        { AnnualLeave with { Start = null }, "start", "validation.required" },
        { AnnualLeave with { End = null }, "end", "validation.required" },
        { AnnualLeave with { Kind = null }, "kind", "validation.required" },
        { AnnualLeave with { Kind = "Sabbatical" }, "kind", "driver.leave_kind_invalid" },
        { AnnualLeave with { Kind = "0" }, "kind", "driver.leave_kind_invalid" },
        { AnnualLeave with { Note = new string('注', 201) }, "note", "validation.too_long" },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public void Each_invalid_field_is_named_with_its_code(ScheduleDriverLeaveForm command, string field, string code)
    {
        DriverLeave.Schedule(command, Active, LeaveId, Shanghai, Now)
            .ShouldRefuse(code, ProblemKind.Invalid).Field.Should().Be(field);
    }

    [Fact]
    public void Every_missing_field_is_reported_at_once()
    {
        DriverLeave.Schedule(new ScheduleDriverLeaveForm(null, null, null, null), Active, LeaveId, Shanghai, Now)
            .Problems.Select(p => p.Field).Should().BeEquivalentTo("start", "end", "kind");
    }

    [Fact]
    public void An_overlapping_leave_is_a_conflict_that_names_the_other_leave_in_local_time()
    {
        var training = new ScheduleDriverLeaveForm(Local(2026, 11, 4, 9), Local(2026, 11, 4, 17), "Training", null);

        var problem = DriverLeave.Schedule(training, OnAnnualLeave, Guid.CreateVersion7(), Shanghai, Now)
            .ShouldRefuse("driver.leave_overlaps", ProblemKind.Conflict);

        problem.FormattedMessage.Should().Be(
            "This leave overlaps the Annual leave from 2026-11-03 00:00 to 2026-11-05 00:00: cancel that one first or choose other dates.");
    }

    [Theory]
    [InlineData(2, 0, 3, 0)] // ends exactly when the other starts
    [InlineData(5, 0, 6, 0)] // starts exactly when the other ends
    public void Leaves_that_only_touch_do_not_overlap(int startDay, int startHour, int endDay, int endHour)
    {
        var adjacent = new ScheduleDriverLeaveForm(Local(2026, 11, startDay, startHour), Local(2026, 11, endDay, endHour), "Personal", null);

        var leaveId = Guid.CreateVersion7();

        DriverLeave.Schedule(adjacent, OnAnnualLeave, leaveId, Shanghai, Now).ShouldAccept(new DriverLeaveScheduled(
            Id, leaveId, Between(Local(2026, 11, startDay, startHour), Local(2026, 11, endDay, endHour)), LeaveKind.Personal, null, Now));
    }

    [Fact]
    public void A_leave_one_minute_into_another_overlaps()
    {
        var overlapping = new ScheduleDriverLeaveForm(Local(2026, 11, 2), Local(2026, 11, 3, 0, 1), "Personal", null);

        DriverLeave.Schedule(overlapping, OnAnnualLeave, Guid.CreateVersion7(), Shanghai, Now)
            .ShouldRefuse("driver.leave_overlaps", ProblemKind.Conflict);
    }

    [Fact]
    public void A_cancelled_leave_no_longer_blocks_the_days()
    {
        var cancelled = OnAnnualLeave.When(new DriverLeaveCancelled(Id, LeaveId, "工作需要", Now));

        var leaveId = Guid.CreateVersion7();

        DriverLeave.Schedule(AnnualLeave, cancelled, leaveId, Shanghai, Now)
            .ShouldAccept(new DriverLeaveScheduled(Id, leaveId, Between(Local(2026, 11, 3), Local(2026, 11, 5)), LeaveKind.Annual, "探亲", Now));
    }

    [Fact]
    public void A_scheduled_leave_is_cancelled_with_a_reason()
    {
        DriverLeave.Cancel(new CancelDriverLeaveForm(" 工作需要 "), OnAnnualLeave, LeaveId, Now)
            .ShouldAccept(new DriverLeaveCancelled(Id, LeaveId, "工作需要", Now));
    }

    [Fact]
    public void Cancelling_needs_a_reason()
    {
        DriverLeave.Cancel(new CancelDriverLeaveForm(null), OnAnnualLeave, LeaveId, Now)
            .ShouldRefuse("validation.required", ProblemKind.Invalid).Field.Should().Be("reason");
    }

    [Fact]
    public void Cancelling_an_unknown_leave_is_not_found()
    {
        DriverLeave.Cancel(new CancelDriverLeaveForm("工作需要"), OnAnnualLeave, Guid.CreateVersion7(), Now)
            .ShouldRefuse("driver.leave_not_found", ProblemKind.NotFound);
    }

    [Fact]
    public void Cancelling_twice_is_a_conflict()
    {
        var cancelled = OnAnnualLeave.When(new DriverLeaveCancelled(Id, LeaveId, "工作需要", Now));

        DriverLeave.Cancel(new CancelDriverLeaveForm("再次取消"), cancelled, LeaveId, Now)
            .ShouldRefuse("driver.leave_already_cancelled", ProblemKind.Conflict);
    }

    [Theory]
    [InlineData(0, 10, 10, 20, false)]
    [InlineData(0, 10, 9, 20, true)]
    [InlineData(5, 6, 0, 10, true)]
    [InlineData(0, 10, 0, 10, true)]
    [InlineData(10, 20, 0, 10, false)]
    public void Overlap_treats_periods_as_half_open(int firstStart, int firstEnd, int secondStart, int secondEnd, bool overlap)
    {
        Interval At(int start, int end) => Between(Now + Duration.FromHours(start), Now + Duration.FromHours(end));

        DriverLeave.Overlap(At(firstStart, firstEnd), At(secondStart, secondEnd)).Should().Be(overlap);
    }
}
