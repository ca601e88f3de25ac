using Fleet.Server.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// A blind-area upload arrives in many batches: its car-day is rechecked once the upload has had time to arrive, not once
/// a batch; fixes stored too close to a recheck's due time, or after it, get a recheck of their own.
/// </summary>
public sealed class LateCheckScheduleTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 3, 2, 0);
    private static readonly LateCarDay CarDay = new("420102", Guid.Parse("5d6c1f7e-0000-4000-8000-000000000001"), new LocalDate(2026, 11, 2));

    [Fact]
    public void The_batches_of_one_upload_queue_one_recheck_of_their_car_day()
    {
        var schedule = new LateCheckSchedule(Duration.FromMinutes(1));

        schedule.Queue(CarDay, Start).Should().BeTrue("the upload's first batch");
        schedule.Queue(CarDay, Start + Duration.FromSeconds(20)).Should().BeFalse("the recheck due at 02:01 reads this batch too");
        schedule.Queue(CarDay, Start + Duration.FromSeconds(54)).Should().BeFalse();
    }

    [Fact]
    public void Fixes_stored_near_or_after_the_due_time_queue_a_recheck_of_their_own()
    {
        var schedule = new LateCheckSchedule(Duration.FromMinutes(1));
        schedule.Queue(CarDay, Start);

        schedule.Queue(CarDay, Start + Duration.FromSeconds(55)).Should().BeTrue("the recheck may already be reading when this batch commits");
        schedule.Queue(CarDay, Start + Duration.FromSeconds(56)).Should().BeFalse("the new recheck is due at 02:01:55");
        schedule.Queue(CarDay, Start + Duration.FromMinutes(3)).Should().BeTrue("the one before has run");
    }

    [Fact]
    public void Other_car_days_and_a_forgotten_one_queue_their_own()
    {
        var schedule = new LateCheckSchedule(Duration.FromMinutes(1));
        schedule.Queue(CarDay, Start);

        schedule.Queue(CarDay with { Day = CarDay.Day.PlusDays(-1) }, Start).Should().BeTrue();
        schedule.Queue(CarDay with { Vehicle = Guid.NewGuid() }, Start).Should().BeTrue();
        schedule.Queue(CarDay with { Pool = "420103" }, Start).Should().BeTrue();

        schedule.Forget(CarDay);
        schedule.Queue(CarDay, Start + Duration.FromSeconds(1)).Should().BeTrue("its recheck could not be queued");
    }

    [Fact]
    public void Without_a_wait_every_batch_queues_its_recheck_at_once()
    {
        var schedule = new LateCheckSchedule(Duration.Zero);

        schedule.Queue(CarDay, Start).Should().BeTrue();
        schedule.Queue(CarDay, Start).Should().BeTrue();
    }
}
