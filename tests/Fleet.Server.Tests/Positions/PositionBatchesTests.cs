using Fleet.Domain.Positions;
using Fleet.Server.Positions.Intake;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// The gateway's reports written together: those that arrive while a batch is being stored go in the next one, and a
/// report is answered only once the batch holding it is stored, or fails with it.
/// </summary>
public sealed class PositionBatchesTests
{
    [Fact]
    public async Task Reports_arriving_while_a_batch_is_stored_are_taken_together_and_each_completes_only_after_its_batch()
    {
        var intake = new HeldIntake();
        await using var batches = new PositionBatches(intake, writers: 1);

        var first = batches.TakeAsync([Fix(0)], default);
        await intake.Entered.Task;
        var later = Enumerable.Range(1, 5).Select(i => batches.TakeAsync([Fix(i), Fix(100 + i)], default)).ToList();

        first.IsCompleted.Should().BeFalse("the first batch is not stored yet");
        later.Should().OnlyContain(t => !t.IsCompleted);

        intake.Release.SetResult();
        await first;
        await Task.WhenAll(later);
        intake.Batches.Select(b => b.Count).Should().Equal([1, 10], "the five reports that waited went in one batch");
        intake.Batches[1].Select(p => p.At).Should().BeEquivalentTo(Enumerable.Range(1, 5).SelectMany(i => new[] { Fix(i).At, Fix(100 + i).At }));
    }

    [Fact]
    public async Task A_batch_that_cannot_be_stored_fails_every_report_in_it_and_the_next_batch_is_stored()
    {
        var intake = new HeldIntake { FailFirst = true };
        await using var batches = new PositionBatches(intake, writers: 1);

        var first = batches.TakeAsync([Fix(0)], default);
        await intake.Entered.Task;
        var waiting = Enumerable.Range(1, 3).Select(i => batches.TakeAsync([Fix(i)], default)).ToList();
        intake.Release.SetResult();

        await first.Invoking(t => t).Should().ThrowAsync<InvalidOperationException>("its batch was not stored: the gateway answers failure");
        await Task.WhenAll(waiting);
        intake.Batches.Should().HaveCount(2);
    }

    private static Position Fix(int i) => new("013800000001", Instant.FromUtc(2026, 11, 2, 1, 0) + Duration.FromSeconds(i), Instant.FromUtc(2026, 11, 2, 2, 0),
        30_593_000, 114_305_000, 23, 400, 45, 0, 3);

    /// <summary>An intake that holds its first batch until released, and may fail it.</summary>
    private sealed class HeldIntake : IPositionIntake
    {
        public bool FailFirst { get; init; }
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<IReadOnlyList<Position>> Batches { get; } = [];

        public async Task<IntakeReport> TakeAsync(IReadOnlyList<Position> positions, CancellationToken cancellation)
        {
            lock (Batches) Batches.Add(positions.ToList());
            if (Batches.Count == 1)
            {
                Entered.SetResult();
                await Release.Task;
                if (FailFirst) throw new InvalidOperationException("The database is gone.");
            }

            return new IntakeReport(positions.Count, 0, []);
        }
    }
}
