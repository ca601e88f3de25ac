using System.Diagnostics;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Server.Exchange;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace Fleet.Server.Tests.Exchange;

/// <summary>
/// A server configured with a broker pushes every stored event, as the pull feed's envelope, to a topic exchange on a
/// real RabbitMQ: a queue bound to everything stands for the city's platform, one bound to <c>420102.#</c> for a
/// district's. The outage is <see cref="ExchangePushOutageTests"/>'s, on a broker of its own.
/// </summary>
public sealed class ExchangePushTests(ExchangePushTests.PushingFleet app) : IClassFixture<ExchangePushTests.PushingFleet>
{
    public sealed class PushingFleet : FleetApp
    {
        public const string Exchange = "fleet.exchange.tests", CityQueue = "city-platform", DistrictQueue = "jiangan-platform";

        public TestRabbitMq Broker { get; } = new();

        /// <summary>Everything taken off each queue so far, in the order it arrived; tests only ever add to it.</summary>
        public Dictionary<string, List<BasicGetResult>> Received { get; } = new() { [CityQueue] = [], [DistrictQueue] = [] };

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{ExchangePushSettings.Section}:Uri"] = Broker.Uri.ToString(),
            [$"{ExchangePushSettings.Section}:Exchange"] = Exchange,
        };

        public override async Task InitializeAsync()
        {
            await Broker.StartAsync();
            // The platforms' queues exist before the server starts, so the demo accounts' events have somewhere to go.
            await using (var connection = await Broker.ConnectAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
                await channel.QueueDeclareAsync(CityQueue, durable: true, exclusive: false, autoDelete: false);
                await channel.QueueBindAsync(CityQueue, Exchange, "#");
                await channel.QueueDeclareAsync(DistrictQueue, durable: true, exclusive: false, autoDelete: false);
                await channel.QueueBindAsync(DistrictQueue, Exchange, $"{JianganPool}.#");
            }

            await base.InitializeAsync();
        }

        /// <summary>Takes messages off a queue until <paramref name="done"/> holds for what has arrived, or a minute passes.</summary>
        public async Task<List<BasicGetResult>> ReceiveUntilAsync(string queue, Func<IReadOnlyList<BasicGetResult>, bool> done)
        {
            await using var connection = await Broker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            var received = Received[queue];
            var waited = Stopwatch.StartNew();
            while (!done(received) && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                if (await channel.BasicGetAsync(queue, autoAck: true) is { } message) received.Add(message);
                else await Task.Delay(50);
            }

            return received;
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_stored_event_reaches_the_city_platform_once_exactly_as_the_feed_gives_it()
    {
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await app.RoadworthyVehicleAsync(FleetApp.Jianghan);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var stored = await StoredSequencesAsync();

        var received = await app.ReceiveUntilAsync(PushingFleet.CityQueue, messages => messages.Count >= stored.Count);

        var pushed = received.Select(Body).ToList();
        var sequences = pushed.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        // Envelopes resent after a restart may overtake newer ones, so the platform orders by sequence. A shortfall is
        // told with what the outbox still holds and what the server logged, to show where the envelopes stopped.
        var shortfall = sequences.Count < stored.Count ? await WhereTheRestAreAsync(app) : "";
        sequences.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(stored, "every stored event is pushed, once{0}", shortfall);

        var feed = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/exchange/feed?after=0&limit={ExchangeFeedEndpoint.MaxLimit}");
        var pulled = feed.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("sequence").GetInt64());
        foreach (var envelope in pushed.Where(e => pulled.ContainsKey(e.GetProperty("sequence").GetInt64())))
            JsonElement.DeepEquals(envelope, pulled[envelope.GetProperty("sequence").GetInt64()]).Should()
                .BeTrue("the pushed envelope is the feed's, byte for byte: {0}", envelope);

        var first = received[0].BasicProperties;
        first.ContentType.Should().Be("application/cloudevents+json");
        first.Type.Should().Be("fleet.exchange.v1");
    }

    [Fact]
    public async Task A_districts_platform_bound_to_its_pool_receives_that_pools_events_only()
    {
        var vehicle = await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await app.RoadworthyVehicleAsync(FleetApp.Jianghan);

        var received = await app.ReceiveUntilAsync(PushingFleet.DistrictQueue, messages => messages.Any(m => IsAbout(m, vehicle)));

        received.Should().Contain(m => IsAbout(m, vehicle));
        received.Select(Body).Should().OnlyContain(e => e.GetProperty("pool").GetString() == FleetApp.JianganPool);
        received.Should().OnlyContain(m => m.RoutingKey.StartsWith($"{FleetApp.JianganPool}.fleet."));
    }

    private Task<List<long>> StoredSequencesAsync(Guid? stream = null) => StoredSequencesAsync(app, stream);

    internal static async Task<List<long>> StoredSequencesAsync(PushingFleet app, Guid? stream = null)
    {
        await using var session = app.Store.QuerySession();
        var events = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant());
        if (stream is { } id) events = events.Where(e => e.StreamId == id);
        return (await events.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync()).ToList();
    }

    /// <summary>The outbox's rows by destination, owner and attempts, and the server's logged errors.</summary>
    internal static async Task<string> WhereTheRestAreAsync(PushingFleet app)
    {
        await using var database = new NpgsqlConnection(app.ConnectionString);
        await database.OpenAsync();
        var lines = new List<string>();
        await using (var find = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'wolverine_outgoing_envelopes'", database))
        {
            if (await find.ExecuteScalarAsync() is string schema)
            {
                await using var rows = new NpgsqlCommand(
                    $"select destination, owner_id, attempts, count(*) from \"{schema}\".wolverine_outgoing_envelopes group by 1, 2, 3 order by 1, 2, 3", database);
                await using var reader = await rows.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    lines.Add($"outbox: {reader.GetValue(0)} owner {reader.GetValue(1)} attempts {reader.GetValue(2)}: {reader.GetValue(3)}");
            }
        }

        lines.AddRange(app.ServerErrors.Entries.Select(e => $"logged: {e}"));
        return lines.Count == 0 ? "; the outbox is empty and nothing was logged" : "; " + string.Join("\n", lines);
    }

    internal static JsonElement Body(BasicGetResult message) => JsonDocument.Parse(message.Body).RootElement;

    internal static bool IsAbout(BasicGetResult message, Guid stream) => Body(message).GetProperty("subject").GetString() == stream.ToString();
}

/// <summary>
/// The broker is stopped and started again to show that what happens during an outage arrives after it: on a server and
/// broker of its own, so that the outage reaches no other test's messages.
/// </summary>
public sealed class ExchangePushOutageTests(ExchangePushTests.PushingFleet app) : IClassFixture<ExchangePushTests.PushingFleet>
{
    [Fact]
    public async Task What_happens_while_the_broker_is_down_arrives_once_it_is_back()
    {
        await app.Broker.StopAsync();
        var vehicle = await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        // The push has taken the new events into the outbox while nobody could receive them.
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var stored = await ExchangePushTests.StoredSequencesAsync(app, vehicle);
        await app.Broker.StartAsync();

        var received = await app.ReceiveUntilAsync(ExchangePushTests.PushingFleet.CityQueue, messages => messages.Count(m => ExchangePushTests.IsAbout(m, vehicle)) >= stored.Count);

        received.Where(m => ExchangePushTests.IsAbout(m, vehicle)).Select(m => ExchangePushTests.Body(m).GetProperty("sequence").GetInt64()).Should()
            .BeEquivalentTo(stored, "nothing written during the outage is lost or sent twice");
    }

    [Fact]
    public async Task What_is_being_pushed_when_the_broker_goes_down_arrives_once_it_is_back()
    {
        // Cars are registered without pause while the broker is killed, then stopped, so envelopes are on their way
        // when it goes: the broker must have confirmed an envelope before the outbox lets it go.
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested) await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        });
        for (var outage = 0; outage < 2; outage++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (outage == 0) await app.Broker.KillAsync();
            else await app.Broker.StopAsync();
            await app.Broker.StartAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await writing.CancelAsync();
        await writer;
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var stored = await ExchangePushTests.StoredSequencesAsync(app);

        var received = await app.ReceiveUntilAsync(ExchangePushTests.PushingFleet.CityQueue,
            messages => stored.All(new HashSet<long>(messages.Select(m => ExchangePushTests.Body(m).GetProperty("sequence").GetInt64())).Contains));

        var sequences = received.Select(m => ExchangePushTests.Body(m).GetProperty("sequence").GetInt64()).ToHashSet();
        var missing = stored.Where(s => !sequences.Contains(s)).ToList();
        var shortfall = missing.Count > 0 ? await ExchangePushTests.WhereTheRestAreAsync(app) : "";
        missing.Should().BeEmpty("every event stored while the broker went and came back is pushed{0}", shortfall);
    }
}

/// <summary>The upward link is optional: a broker that does not answer must not keep the city from dispatching.</summary>
public sealed class ExchangePushWithoutBrokerTests(ExchangePushWithoutBrokerTests.FleetWithSilentBroker app)
    : IClassFixture<ExchangePushWithoutBrokerTests.FleetWithSilentBroker>
{
    public sealed class FleetWithSilentBroker : FleetApp
    {
        // A port nobody listens on.
        private static readonly int SilentPort = TestPorts.Free();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{ExchangePushSettings.Section}:Uri"] = $"amqp://fleet:secret@127.0.0.1:{SilentPort}/",
        };

    }

    [Fact]
    public async Task The_server_starts_works_and_reports_the_push_as_degraded_without_the_password()
    {
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        (await app.GetAs(FleetApp.City, Role.Supervisor, "/api/exchange/feed")).GetProperty("items").EnumerateArray().Should().NotBeEmpty();

        var health = await app.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        health.Entries["exchange-push"].Status.Should().Be(HealthStatus.Degraded);
        health.Status.Should().Be(HealthStatus.Degraded, "only the push is missing: {0}",
            string.Join("; ", health.Entries.Select(e => $"{e.Key} {e.Value.Status} {e.Value.Description}")));

        var status = app.Host.Services.GetRequiredService<ExchangePushStatus>();
        status.Description.Should().Contain("did not answer").And.NotContain("secret");
    }
}
