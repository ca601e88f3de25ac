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

    private static ScheduleMaintenance Schedule(Interval planned, string? note = null) =>
        new(VehicleId, JobId, planned, MaintenanceKind.Repair, note);

    private static MaintenanceScheduled Planned(Interval planned) => new(VehicleId, JobId, planned, MaintenanceKind.Repair, null, Now);

    // Scheduling

    [Fact]
    public void A_slot_in_the_workshop_is_booked()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, " Brake pads "), Given(), Now);

        decision.ShouldAccept(new MaintenanceScheduled(VehicleId, JobId, MondayInTheWorkshop, MaintenanceKind.Repair, "Brake pads", Now));
    }

    [Fact]
    public void A_blank_note_is_stored_as_none()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, "   "), Given(), Now);

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

    public static TheoryData<Interval> IntervalsWithoutAnEndAfterTheStart => new()
    {
        new Interval(At(2026, 11, 9, 8), At(2026, 11, 9, 8)),
        new Interval(At(2026, 11, 9, 8), null),
        new Interval(null, At(2026, 11, 9, 8)),
    };

    [Theory]
    [MemberData(nameof(IntervalsWithoutAnEndAfterTheStart))]
    public void A_plan_needs_an_end_after_its_start(Interval planned)
    {
        var decision = VehicleMaintenance.Decide(Schedule(planned), Given(), Now);

        decision.ShouldRefuseWith(("planned", "vehicle.maintenance_interval_invalid"));
    }

    [Fact]
    public void A_plan_of_exactly_ninety_days_is_accepted_and_one_minute_more_is_not()
    {
        var start = At(2026, 11, 9, 8);

        VehicleMaintenance.Decide(Schedule(Between(start, start + Duration.FromDays(90))), Given(), Now)
            .ShouldAccept(Planned(Between(start, start + Duration.FromDays(90))));
        var refused = VehicleMaintenance.Decide(Schedule(Between(start, start + Duration.FromDays(90) + Duration.FromMinutes(1))), Given(), Now);

        refused.ShouldRefuseWith(("planned", "vehicle.maintenance_too_long"));
        refused.Problems.Single().Args[0].Should().Be(90);
    }

    [Fact]
    public void A_note_longer_than_500_characters_is_refused()
    {
        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop, new string('x', 501)), Given(), Now);

        decision.ShouldRefuseWith(("note", "validation.too_long"));
    }

    [Fact]
    public void The_same_job_is_not_booked_twice()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 12, 1, 8), At(2026, 12, 1, 17))), vehicle, Now);

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

        var decision = VehicleMaintenance.Decide(Schedule(planned), vehicle, Now);

        var problem = decision.ShouldRefuse("vehicle.maintenance_overlaps", ProblemKind.Conflict);
        problem.Args.Should().Equal(MondayInTheWorkshop.Start, MondayInTheWorkshop.End);
    }

    [Theory]
    [InlineData(6, 8)] // ends the instant the other starts
    [InlineData(17, 20)] // starts the instant the other ends
    public void Back_to_back_jobs_do_not_overlap(int fromHour, int toHour)
    {
        var vehicle = Given(Scheduled(OtherJobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 11, 9, fromHour), At(2026, 11, 9, toHour))), vehicle, Now);

        decision.ShouldAccept(Planned(Between(At(2026, 11, 9, fromHour), At(2026, 11, 9, toHour))));
    }

    [Fact]
    public void A_job_in_progress_holds_its_slot()
    {
        var vehicle = Given(Scheduled(OtherJobId, MondayInTheWorkshop), Started(OtherJobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(Schedule(Between(At(2026, 11, 9, 12), At(2026, 11, 9, 18))), vehicle, Now);

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

        var decision = VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), vehicle, Now);

        decision.ShouldAccept(Planned(MondayInTheWorkshop));
    }

    [Fact]
    public void A_retired_vehicle_is_not_booked_in()
    {
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), Given(Retired), Now)
            .ShouldRefuse("vehicle.retired", ProblemKind.Conflict);
    }

    [Fact]
    public void A_disposed_vehicle_is_not_booked_in()
    {
        VehicleMaintenance.Decide(Schedule(MondayInTheWorkshop), Given(Retired, Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    // Starting

    [Fact]
    public void A_booked_job_starts_and_the_vehicle_is_in_the_workshop()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop));

        var decision = VehicleMaintenance.Decide(new StartMaintenance(VehicleId, JobId), vehicle, Now);

        decision.ShouldAccept(new MaintenanceStarted(VehicleId, JobId, Now));
        var started = vehicle.When((MaintenanceStarted)decision.Events[0]);
        started.Status.Should().Be(VehicleStatus.UnderMaintenance);
        started.FindMaintenance(JobId).Should().Match<MaintenanceWindow>(w => w.State == MaintenanceState.Started && w.StartedAt == Now);
    }

    [Fact]
    public void An_unknown_job_is_not_found()
    {
        VehicleMaintenance.Decide(new StartMaintenance(VehicleId, JobId), Given(), Now)
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
        VehicleMaintenance.Decide(new StartMaintenance(VehicleId, JobId), Given(history), Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(state);
    }

    [Fact]
    public void A_retired_vehicle_can_still_be_repaired_but_stays_retired()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Retired);

        var decision = VehicleMaintenance.Decide(new StartMaintenance(VehicleId, JobId), vehicle, Now);

        decision.ShouldAccept(new MaintenanceStarted(VehicleId, JobId, Now));
        vehicle.When((MaintenanceStarted)decision.Events[0]).Status.Should().Be(VehicleStatus.Retired);
    }

    // Completing

    [Fact]
    public void A_job_in_progress_completes_with_the_workshop_reading()
    {
        var vehicle = Given(Read(12_000m), Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, Distance.FromKilometres(12_003.5m)), vehicle, Now);

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

        var decision = VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, null), vehicle, Now);

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

        var decision = VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, Distance.FromKilometres(11_999.999m)), vehicle, Now);

        decision.ShouldRefuse("vehicle.odometer_backwards", ProblemKind.Conflict)
            .Args.Should().Equal(12_000m, 11_999.999m);
    }

    [Fact]
    public void A_workshop_reading_beyond_any_odometer_is_refused()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        var decision = VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, Distance.FromKilometres(2_000_001m)), vehicle, Now);

        decision.ShouldRefuseWith(("odometer", "vehicle.odometer_out_of_range"));
    }

    [Fact]
    public void Only_a_started_job_completes()
    {
        VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, null), Given(Scheduled(JobId, MondayInTheWorkshop)), Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(MaintenanceState.Scheduled);
    }

    [Fact]
    public void Completing_an_unknown_job_is_not_found()
    {
        VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, JobId, null), Given(), Now)
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

        var decision = VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, " Parts not delivered "), vehicle, Now);

        decision.ShouldAccept(new MaintenanceCancelled(VehicleId, JobId, "Parts not delivered", Now));
        vehicle.When((MaintenanceCancelled)decision.Events[0]).FindMaintenance(JobId)!.State.Should().Be(MaintenanceState.Cancelled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_cancellation_needs_a_reason(string? reason)
    {
        VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, reason), Given(Scheduled(JobId, MondayInTheWorkshop)), Now)
            .ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_job_in_progress_is_completed_not_cancelled()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Started(JobId, At(2026, 11, 9, 8)));

        VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, "Changed our minds"), vehicle, Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict)
            .Args.Should().Equal(MaintenanceState.Started);
    }

    [Fact]
    public void A_job_is_cancelled_only_once()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Cancelled(JobId));

        VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, "Again"), vehicle, Now)
            .ShouldRefuse("vehicle.maintenance_state", ProblemKind.Conflict);
    }

    [Fact]
    public void Cancelling_an_unknown_job_is_not_found()
    {
        VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, "Never booked"), Given(), Now)
            .ShouldRefuse("vehicle.maintenance_not_found", ProblemKind.NotFound);
    }

    [Fact]
    public void The_jobs_of_a_disposed_vehicle_are_closed()
    {
        var vehicle = Given(Scheduled(JobId, MondayInTheWorkshop), Scheduled(OtherJobId, Between(At(2026, 12, 1, 8), At(2026, 12, 1, 17))),
            Started(OtherJobId, At(2026, 12, 1, 8)), Disposed);

        VehicleMaintenance.Decide(new StartMaintenance(VehicleId, JobId), vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
        VehicleMaintenance.Decide(new CancelMaintenance(VehicleId, JobId, "Sold"), vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
        VehicleMaintenance.Decide(new CompleteMaintenance(VehicleId, OtherJobId, null), vehicle, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }
}
