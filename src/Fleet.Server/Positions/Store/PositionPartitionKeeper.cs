namespace Fleet.Server.Positions.Store;

/// <summary>Makes the coming days' partitions and drops those past the retention, at start and then once an hour, on every node.</summary>
public sealed class PositionPartitionKeeper(PositionPartitions partitions, IClock clock, ILogger<PositionPartitionKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await partitions.RollAsync(clock.GetCurrentInstant(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The writer still makes a missing day on demand; the next round tries the rest again.
                logger.LogWarning(e, "Could not keep the positions' partitions; trying again in an hour");
            }

            await Task.Delay(TimeSpan.FromHours(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
