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
            // Fleet only publishes: no listener, no reply queue on somebody else's broker.
            opts.UseRabbitMq(settings.Uri)
                .AutoProvision()
                .UseSenderConnectionOnly()
                .DisableSystemRequestReplyQueueDeclaration();

            opts.PublishMessagesToRabbitMqExchange<ExchangeEnvelope>(settings.Exchange, ExchangePush.RoutingKey)
                .UseDurableOutbox()
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
