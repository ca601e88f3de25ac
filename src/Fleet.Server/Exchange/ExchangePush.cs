using System.Text.Json;
using Fleet.Server.Infrastructure.Time;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine.Marten;
using Wolverine.Marten.Subscriptions;
using Wolverine.RabbitMQ;
using Wolverine.Runtime.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Server.Exchange;

/// <summary>
/// The push of the exchange feed to a RabbitMQ broker, section <c>Fleet:Exchange:RabbitMq</c>. Without a
/// <see cref="Uri"/> nothing is pushed and no broker is needed.
/// </summary>
public sealed class ExchangePushSettings
{
    public const string Section = "Fleet:Exchange:RabbitMq";

    /// <summary><c>amqp://user:password@host:5672/vhost</c>; from configuration or the environment, never from code.</summary>
    public Uri? Uri { get; set; }

    /// <summary>The topic exchange the envelopes are published to; declared if missing.</summary>
    public string Exchange { get; set; } = "fleet.exchange";

    /// <summary>
    /// Where a push that has never run starts: <see cref="ExchangePushStart.Beginning"/> sends the whole history,
    /// <see cref="ExchangePushStart.Present"/> only what happens from then on (the pull feed still has the past).
    /// </summary>
    public ExchangePushStart StartFrom { get; set; } = ExchangePushStart.Beginning;
}

public enum ExchangePushStart
{
    Beginning,
    Present,
}

public static class ExchangePush
{
    public const string SubscriptionName = "ExchangePush";

    /// <summary>
    /// The pool, then the event's type: <c>420102.fleet.trip_finished</c>. A district's platform binds its queue to
    /// <c>420102.#</c>, the city's to <c>#</c>, a costs system to <c>*.fleet.trip_finished</c>.
    /// </summary>
    public static string RoutingKey(ExchangeEnvelope envelope) => $"{envelope.Pool}.{envelope.Type}";
}

/// <summary>Whether the push runs; a server whose broker did not answer at start says so in its log and its health.</summary>
public sealed class ExchangePushStatus(ExchangePushSettings settings, string? problem) : IHealthCheck
{
    public string? Problem { get; } = problem;

    /// <summary>Host and port only: the address may carry a password.</summary>
    private string Broker => $"{settings.Uri!.Host}:{settings.Uri.Port}";

    public string Description => Problem is null
        ? $"The exchange push publishes to {settings.Exchange} on {Broker}."
        : $"The exchange push is off: the broker at {Broker} did not answer at start ({Problem}). " +
          "Restart once it answers; the push resumes where it stopped.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Problem is null ? HealthCheckResult.Healthy(Description) : HealthCheckResult.Degraded(Description));
}

internal sealed class ExchangePushAnnouncement(ExchangePushStatus status, ILogger<ExchangePushStatus> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (status.Problem is null) logger.LogInformation("{Status}", status.Description);
        else logger.LogError("{Status}", status.Description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Hands every stored event to the broker, in store order, as the pull feed's envelope. The daemon passes only events
/// below its high-water mark, so none committed late is skipped; the envelopes enter Wolverine's outbox in the
/// transaction that moves the subscription on, so a crash or a broker outage delays them but loses none. Delivery is
/// at least once: a consumer drops repeats by the envelope's <c>id</c>.
/// </summary>
internal sealed class ExchangePublisher : BatchSubscription
{
    public ExchangePublisher(ExchangePushStart start) : base(ExchangePush.SubscriptionName)
    {
        if (start == ExchangePushStart.Present) Options.SubscribeFromPresent();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events) await bus.PublishAsync(ExchangeEnvelope.From(e));
    }
}

/// <summary>
/// The message body is the envelope alone, byte for byte what the pull feed returns for the event (CloudEvents
/// structured mode), so a consumer needs nothing of Wolverine to read it.
/// </summary>
internal sealed class CloudEventJson : IMessageSerializer
{
    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public string ContentType => "application/cloudevents+json";

    public byte[] Write(Envelope envelope) => WriteMessage(envelope.Message!);

    public byte[] WriteMessage(object message) => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Json);

    public object ReadFromData(Type messageType, Envelope envelope) => JsonSerializer.Deserialize(envelope.Data, messageType, Json)!;

    public object ReadFromData(byte[] data) => JsonSerializer.Deserialize<ExchangeEnvelope>(data, Json)!;
}
