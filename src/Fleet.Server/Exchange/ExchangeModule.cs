using Fleet.Server.Infrastructure;
using Wolverine.Marten;
using Wolverine.RabbitMQ;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Server.Exchange;

/// <summary>
/// The exchange with other platforms: the pull feed, and the push to a RabbitMQ broker when one is configured
/// (<see cref="ExchangePushSettings.Section"/>).
/// </summary>
public sealed class ExchangeModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ExchangePushSettings.Section).Get<ExchangePushSettings>();
        if (settings?.Uri is null) return;

        // Wolverine cannot start with a transport whose broker does not answer, and the city's dispatch must not wait
        // for an upward link. Without the broker the push stays off until the next start, which resumes it where it
        // stopped: the subscription's position is kept, so nothing is skipped.
        var status = new ExchangePushStatus(settings, BrokerProblem(settings.Uri));
        services.AddSingleton(status);
        services.AddHostedService<ExchangePushAnnouncement>();
        services.AddHealthChecks().AddCheck<ExchangePushStatus>("exchange-push", tags: ["ready"]);
        if (status.Problem is not null) return;

        services.ConfigureWolverine(opts =>
        {
            // A long outage leaves its envelopes to the recovery: a thousand a round (Wolverine's default is a
            // hundred) drains a day of a city's events in minutes rather than an hour.
            opts.Durability.RecoveryBatchSize = Math.Max(opts.Durability.RecoveryBatchSize, 1_000);

            // Fleet only publishes: no listener, no reply queue on somebody else's broker.
            opts.UseRabbitMq(settings.Uri)
                // Without confirms a publish counts as sent once it is on the socket, and the outbox lets it go: an
                // envelope written as the broker went down was lost. With them the outbox keeps it until the broker
                // has taken it.
                .ConfigureChannelCreation(channel =>
                {
                    channel.PublisherConfirmationsEnabled = true;
                    channel.PublisherConfirmationTrackingEnabled = true;
                })
                .AutoProvision()
                .UseSenderConnectionOnly()
                .DisableSystemRequestReplyQueueDeclaration();

            opts.PublishMessagesToRabbitMqExchange<ExchangeEnvelope>(settings.Exchange, ExchangePush.RoutingKey)
                .UseDurableOutbox()
                // What piles up during an outage is resent from memory the moment the broker is back; only beyond
                // this many does it wait for the outbox's recovery, which takes a batch every few seconds.
                .CircuitBreaking(circuit => circuit.MaximumEnvelopeRetryStorage = 10_000)
                .DefaultSerializer(new CloudEventJson());
        });
        services.SubscribeToEvents(new ExchangePublisher(settings.StartFrom));
    }

    private static string? BrokerProblem(Uri uri)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
            using var connection = factory.CreateConnectionAsync().GetAwaiter().GetResult();
            return null;
        }
        catch (BrokerUnreachableException e)
        {
            return (e.InnerException ?? e).Message;
        }
    }
}
