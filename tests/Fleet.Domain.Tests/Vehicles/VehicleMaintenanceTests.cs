using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleMaintenanceTests
{
    private static readonly Guid JobId = Guid.Parse("01900000-0000-7000-8000-0000000000b1");
    private static readonly Guid OtherJobId = Guid.Parse("01900000-0000-7000-8000-0000000000b2");

    /// <summary>Monday 9 November 2026, 08:00–17:00 in Shanghai.</summary>
    private static readonly Interval MondayInTheWorkshop = Between(At(2026, 11, 9, 8), At(2026, 11, 9, 17));

    private static ScheduleMaintenanceForm Schedule(Interval planned, string? note = null) =>
        new(planned.Start, planned.End, nameof(MaintenanceKind.Repair), note);

    private static MaintenanceScheduled Planned(Interval planned) => new(VehicleId, JobId, planned, MaintenanceKind.Repair, null, Now);

    // Scheduling

    [Fact]
    public void A_slot_in_the_workshop_is_booked()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, " Brake pads "), JobId, Given(), Now);

        decision.ShouldAccept(new MaintenanceScheduled(VehicleId, JobId, MondayInTheWorkshop, MaintenanceKind.Repair, "Brake pads", Now));
    }

    [Fact]
    public void A_blank_note_is_stored_as_none()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, "   "), JobId, Given(), Now);

        decision.ShouldAccept(new MaintenanceScheduled(VehicleId, JobId, MondayInTheWorkshop, MaintenanceKind.Repair, null, Now));
    }

    [Fact]
    public void The_booked_slot_is_kept_as_a_scheduled_window()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop, MaintenanceKind.Accident));

        vehicle.MaintenanceWindows.Should().Equal(
            new MaintenanceWindow(JobId, MondayInTheWorkshop, MaintenanceKind.Accident, MaintenanceState.Scheduled, null, null));
        vehicle.Status.Should().Be(VehicleStatus.InService);
    }

    public static TheoryData<Instant?, Instant?, string, string> PlansWithoutAnEndAfterTheStart => new()
    {
        { At(2026, 11, 9, 8), At(2026, 11, 9, 8), "end", "vehicle.maintenance_interval_invalid" },
        { At(2026, 11, 9, 8), At(2026, 11, 9, 7), "end", "vehicle.maintenance_interval_invalid" },
        { At(2026, 11, 9, 8), null, "end", "validation.required" },
        { null, At(2026, 11, 9, 8), "start", "validation.required" },
    };

    [Theory]
    [MemberData(nameof(PlansWithoutAnEndAfterTheStart))]
    public void A_plan_needs_an_end_after_its_start(Instant? start, Instant? end, string field, string code)
    {
        var decision = VehicleMaintenance.Decide(new ScheduleMaintenanceForm(start, end, nameof(MaintenanceKind.Repair), null), JobId, Given(), Now);

        decision.ShouldRefuseWith((field, code));
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData("Tuning", "vehicle.maintenance_kind_invalid")]
    [InlineData("3", "vehicle.maintenance_kind_invalid")]
    public void A_plan_names_a_kind_of_maintenance(string? kind, string code) =>
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop) with { Kind = kind }, JobId, Given(), Now)
            .ShouldRefuseWith(("kind", code));

    [Fact]
    public void A_kind_of_maintenance_is_read_from_its_name_or_its_chinese_term()
    {
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop) with { Kind = "repair" }, JobId, Given(), Now)
            .ShouldAccept(Planned(MondayInTheWorkshop));
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop) with { Kind = VehicleLifeTerms.MaintenanceKinds[MaintenanceKind.Repair] }, JobId, Given(), Now)
            .ShouldAccept(Planned(MondayInTheWorkshop));
    }

    [Fact]
    public void A_plan_of_exactly_ninety_days_is_accepted_and_one_minute_more_is_not()
    {
        var start = At(2026, 11, 9, 8);

        VehicleMaintenance.Decide(Schedule(Between(start, start + Duration.FromDays(90))), JobId, Given(), Now)
            .ShouldAccept(Planned(Between(start, start + Duration.FromDays(90))));
        var refused = VehicleMaintenance.Decide(Schedule(Between(start, start + Duration.FromDays(90) + Duration.FromMinutes(1))), JobId, Given(), Now);

        refused.ShouldRefuseWith(("end", "vehicle.maintenance_too_long"));
        refused.Problems.Single().Args[0].Should().Be(90);
    }

    [Fact]
    public void A_note_longer_than_500_characters_is_refused()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, new string('x', 501)), JobId, Given(), Now);

        decision.ShouldRefuseWith(("note", "validation.too_long"));
    }

    [Fact]
    public void The_same_job_is_not_booked_twice()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 12, 1, 8), At(2026, 12, 1, 17))), JobId, vehicle, Now);

        decision.ShouldRefuse("vehicle.maintenance_exists", ProblemKind.Conflict);
    }

    public static TheoryData<string, Interval> OverlappingPlans => new()
    {
        { "same slot", MondayInTheWorkshop },
        { "ends one minute into it", Between(At(2026, 11, 9, 6), At(2026, 11, 9, 8, 1)) },
        { "starts one minute before it ends", Between(At(2026, 11, 9, 16, 59), At(2026, 11, 9, 20)) },
        { "inside it", Between(At(2026, 11, 9, 10), At(2026, 11, 9, 11)) },
        { "around it", Between(At(2026, 11, 8, 0), At(2026, 11, 10, 0)) },
    };

    [Theory]
    [MemberData(nameof(OverlappingPlans))]
    public void A_plan_overlapping_another_booked_job_is_a_conflict(string _, Interval planned)
    {
        var vehicle = Given(Scheduled(OtherJobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(Schedule(planned), JobId, vehicle, Now);

        var problem = decision.ShouldRefuse("vehicle.maintenance_overlaps", ProblemKind.Conflict);
        problem.Args.Should().Equal(MondayInTheWorkshop.Start, MondayInTheWorkshop.End);
    }

    [Theory]
    [InlineData(6, 8)] // ends the instant the other starts
    [InlineData(17, 20)] // starts the instant the other ends
    public void Back_to_back_jobs_do_not_overlap(int fromHour, int toHour)
    {
        var vehicle = Given(Scheduled(OtherJobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 11, 9, fromHour), At(2026, 11, 9, toHour))), JobId, vehicle, Now);

        decision.ShouldAccept(Planned(Between(At(2026, 11, 9, fromHour), At(2026, 11, 9, toHour))));
    }

    [Fact]
    public void A_job_in_progress_holds_its_slot()
    {
        var vehicle = Given(Scheduled(OtherJobId, MondayInTheWorkshop), Started(OtherJobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 11, 9, 12), At(2026, 11, 9, 18))), JobId, vehicle, Now);

        decision.ShouldRefuse("vehicle.maintenance_overlaps", ProblemKind.Conflict);
    }

    [Fact]
    public void Cancelled_and_completed_jobs_free_their_slot()
    {
        var doneJobId = Guid.NewGuid();
        var vehicle = Given(
            Scheduled(OtherJobId, MondayInTheWorkshop), Cancelled(OtherJobId),
            Scheduled(doneJobId, MondayInTheWorkshop),
            Started(doneJobId, At(2026, 11, 9, 8)), Completed(doneJobId, At(2026, 11, 9, 12)));

        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), JobId, vehicle, Now);

        decision.ShouldAccept(Planned(MondayInTheWorkshop));
    }

    [Fact]
    public void A_retired_vehicle_is_not_booked_in()
    {
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), JobId, Given(Retired), Now)
            .ShouldRefuse("vehicle.retired", ProblemKind.Conflict);
    }

    [Fact]
    public void A_disposed_vehicle_is_not_booked_in()
    {
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), JobId, Given(Retired, Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    // Starting

    [Fact]
    public void A_booked_job_starts_and_the_vehicle_is_in_the_workshop()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Start(JobId, vehicle, Now);

        decision.ShouldAccept(new MaintenanceStarted(VehicleId, JobId, Now));
        var started = vehicle.When((MaintenanceStarted)decision.Events[0]);
        started.Status.Should().Be(VehicleStatus.UnderMaintenance);
        started.FindMaintenance(JobId).Should().Match<MaintenanceWindow>(w => w.State == MaintenanceState.Started && w.StartedAt == Now);
    }

    [Fact]
    public void An_unknown_job_is_not_found()
    {
        VehicleMaintenance.Start(JobId, Given(), Now)
            .ShouldRefuse("vehicle.maintenance_not_found", ProblemKind.NotFound)
            .Args.Should().Equal(JobId);
    }

    public static TheoryData<object[], MaintenanceState> JobsThatCannotStart => new()
    {
        { [Scheduled(JobId, MondayInTheWorkshop), Started(JobId, Now)], MaintenanceState.Started },
        { [Scheduled(JobId, MondayInTheWorkshop), Started(JobId, Now), Completed(JobId, Now)], MaintenanceState.Completed },
        { [Scheduled(JobId, MondayInTheWorkshop), Cancelled(JobId)], MaintenanceState.Cancelled },
    };

    [Theory]
    [MemberData(nameof(JobsThatCannotStart))]
    public void Only_a_scheduled_job_starts(object[] history, MaintenanceState state)
    {
        VehicleMaintenance.Start(JobId, Given(history), Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(state);
    }

    [Fact]
    public void A_retired_vehicle_can_still_be_repaired_but_stays_retired()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Retired);

        var decision = VehicleMaintenance.Start(JobId, vehicle, Now);

        decision.ShouldAccept(new MaintenanceStarted(VehicleId, JobId, Now));
        vehicle.When((MaintenanceStarted)decision.Events[0]).Status.Should().Be(VehicleStatus.Retired);
    }

    // Completing

    [Fact]
    public void A_job_in_progress_completes_with_the_workshop_reading()
    {
        var vehicle = Given(Read(12_000m), Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenanceForm(12_003.5m), JobId, vehicle, Now);

        decision.ShouldAccept(new MaintenanceCompleted(VehicleId, JobId, Distance.FromKilometres(12_003.5m), Now));
    }

    [Fact]
    public void The_completed_job_puts_the_vehicle_back_in_service_with_its_new_reading()
    {
        var vehicle = Given(Read(12_000m), Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)),
            Completed(JobId, At(2026, 11, 9, 15), 12_003.5m));

        vehicle.Status.Should().Be(VehicleStatus.InService);
        vehicle.Odometer.Should().Be(Distance.FromKilometres(12_003.5m));
        vehicle.FindMaintenance(JobId).Should().Match<MaintenanceWindow>(w =>
            w.State == MaintenanceState.Completed && w.CompletedAt == At(2026, 11, 9, 15));
    }

    [Fact]
    public void A_completion_without_a_reading_keeps_the_odometer()
    {
        var vehicle = Given(Read(12_000m), Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenanceForm(null), JobId, vehicle, Now);

        decision.ShouldAccept(new MaintenanceCompleted(VehicleId, JobId, null, Now));
        vehicle.When((MaintenanceCompleted)decision.Events[0]).Odometer.Should().Be(Distance.FromKilometres(12_000m));
    }

    [Fact]
    public void The_vehicle_stays_in_the_workshop_while_another_job_is_in_progress()
    {
        var vehicle = Given(
            Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)),
            Scheduled(OtherJobId, Between(At(2026, 11, 9, 17), At(2026, 11, 10, 17))), Started(OtherJobId, At(2026, 11, 9, 17)),
            Completed(JobId, At(2026, 11, 9, 17)));

        vehicle.Status.Should().Be(VehicleStatus.UnderMaintenance);
    }

    [Fact]
    public void A_workshop_reading_below_the_odometer_is_a_conflict()
    {
        var vehicle = Given(Read(12_000m), Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenanceForm(11_999.999m), JobId, vehicle, Now);

        decision.ShouldRefuse("vehicle.odometer_backwards", ProblemKind.Conflict)
            .Args.Should().Equal(12_000m, 11_999.999m);
    }

    [Fact]
    public void A_workshop_reading_beyond_any_odometer_is_refused()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenanceForm(2_000_001m), JobId, vehicle, Now);

        decision.ShouldRefuseWith(("odometerKm", "vehicle.odometer_out_of_range"));
    }

    [Fact]
    public void Only_a_started_job_completes()
    {
        VehicleMaintenance.Decide(new CompleteMaintenanceForm(null), JobId, Given(Scheduled(JobId, MondayInTheWorkshop)), Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(MaintenanceState.Scheduled);
    }

    [Fact]
    public void Completing_an_unknown_job_is_not_found()
    {
        VehicleMaintenance.Decide(new CompleteMaintenanceForm(null), JobId, Given(), Now)
            .ShouldRefuse("vehicle.maintenance_not_found", ProblemKind.NotFound);
    }

    [Fact]
    public void A_retired_vehicle_stays_retired_when_its_repair_completes()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)), Retired,
            Completed(JobId, At(2026, 11, 9, 15)));

        vehicle.Status.Should().Be(VehicleStatus.Retired);
    }

    // Cancelling

    [Fact]
    public void A_booked_job_is_cancelled_with_its_reason()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(new CancelMaintenanceForm(" Parts not delivered "), JobId, vehicle, Now);

        decision.ShouldAccept(new MaintenanceCancelled(VehicleId, JobId, "Parts not delivered", Now));
        vehicle.When((MaintenanceCancelled)decision.Events[0]).FindMaintenance(JobId)!.State.Should().Be(MaintenanceState.Cancelled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_cancellation_needs_a_reason(string? reason)
    {
        VehicleMaintenance.Decide(new CancelMaintenanceForm(reason), JobId, Given(Scheduled(JobId, MondayInTheWorkshop)), Now)
            .ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_job_in_progress_is_completed_not_cancelled()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        VehicleMaintenance.Decide(new CancelMaintenanceForm("Changed our minds"), JobId, vehicle, Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(MaintenanceState.Started);
    }

    [Fact]
    public void A_job_is_cancelled_only_once()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Cancelled(JobId));

        VehicleMaintenance.Decide(new CancelMaintenanceForm("Again"), JobId, vehicle, Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict);
    }

    [Fact]
    public void Cancelling_an_unknown_job_is_not_found()
    {
        VehicleMaintenance.Decide(new CancelMaintenanceForm("Never booked"), JobId, Given(), Now)
            .ShouldRefuse("vehicle.maintenance_not_found", ProblemKind.NotFound);
    }

    [Fact]
    public void The_jobs_of_a_disposed_vehicle_are_closed()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Scheduled(OtherJobId, Between(At(2026, 12, 1, 8), At(2026, 12, 1, 17))),
            Started(OtherJobId, At(2026, 12, 1, 8)), Disposed);

        VehicleMaintenance.Start(JobId, vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
        VehicleMaintenance.Decide(new CancelMaintenanceForm("Sold"), JobId, vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
        VehicleMaintenance.Decide(new CompleteMaintenanceForm(null), OtherJobId, vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }
}
