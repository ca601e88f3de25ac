namespace Fleet.Server.Infrastructure.Time;

/// <summary>
/// Queues one message a day at a local time of day, on every node: the message's handler makes the nodes' runs one
/// (marks or stable ids). The clock looks once a minute, so a node that was down at the time queues the day's message
/// as soon as it is back; a message that could not be queued is tried again at the next look.
/// </summary>
public abstract class DailyClock(IClock clock, DateTimeZone zone, IServiceProvider services, ILogger logger) : BackgroundService
{
    /// <summary>The local time of day at which a day's message is due.</summary>
    protected abstract TimeSpan At { get; }

    /// <summary>The message for the local day whose time <see cref="At"/> came last.</summary>
    protected abstract object MessageFor(LocalDate due);

    /// <summary>The local day whose time <paramref name="at"/> came last at <paramref name="now"/>: today once it is past, else yesterday.</summary>
    public static LocalDate Due(LocalDateTime now, LocalTime at) => now.TimeOfDay >= at ? now.Date : now.Date.PlusDays(-1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LocalDate? queued = null;
        var at = LocalTime.FromTicksSinceMidnight(At.Ticks);
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = Due(clock.GetCurrentInstant().InZone(zone).LocalDateTime, at);
            if (queued != due)
            {
                var message = MessageFor(due);
                try
                {
                    using var scope = services.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(message);
                    queued = due;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not queue {Message}; trying again in a minute", message);
                }
            }

            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
