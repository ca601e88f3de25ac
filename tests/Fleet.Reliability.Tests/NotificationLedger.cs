using System.Text;
using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>What one trip story was told to have happened, as its people saw it: the notices it must have caused.</summary>
public sealed class TripStory
{
    public bool Approved { get; set; }

    /// <summary>The mobile number of the driver it was dispatched to, if it was.</summary>
    public string? DriverMobile { get; set; }

    public bool Finished { get; set; }
}

/// <summary>One notice the ledger expects to reach one address: the trip it is about, its kind, and where.</summary>
public sealed record ExpectedNotice(Guid Trip, string Kind, string Address);

/// <summary>What the far ends received, held against what the stories say must have been sent.</summary>
public sealed record NotificationFindings
{
    public int Expected { get; init; }
    public int Received { get; init; }

    /// <summary>Notices a story called for that no delivery carried to its address, or that never arrived.</summary>
    public List<string> Missing { get; init; } = [];

    /// <summary>One notice to one address sent as two different messages (two ids): a person would read it twice.</summary>
    public List<string> SentTwice { get; init; } = [];

    /// <summary>Deliveries to the run's addresses that no story called for.</summary>
    public List<string> Unexpected { get; init; } = [];

    /// <summary>Deliveries not sent by the end of the run: still queued, retrying, or parked.</summary>
    public List<string> NotSent { get; init; } = [];

    /// <summary>
    /// Messages received again under the same Message-ID or Idempotency-Key: a node killed between the far end's
    /// acceptance and the log's "sent" sends again after its lease; the id lets the far end know it for the same one.
    /// </summary>
    public int ResentUnderTheSameId { get; init; }

    public bool Complete => Missing.Count == 0 && SentTwice.Count == 0 && Unexpected.Count == 0 && NotSent.Count == 0;

    public string Describe()
    {
        var text = new StringBuilder($"notifications: {Expected} expected, {Received} received, {ResentUnderTheSameId} received again under the same id");
        foreach (var (name, list) in new[] { ("missing", Missing), ("sent twice", SentTwice), ("unexpected", Unexpected), ("not sent", NotSent) })
            if (list.Count > 0) text.Append($"{Environment.NewLine}{name} ({list.Count}): {string.Join("; ", list.Take(10))}");
        return text.ToString();
    }
}

/// <summary>
/// The notification ledger of a run: a real SMTP server (aiosmtpd) and an SMS gateway (a Kestrel receiver) on loopback
/// that the cluster's nodes send to, the people of the run choosing e-mail (clerk, unit head) and text messages
/// (drivers). After the run every notice the trip stories call for must have reached its address, each under one id.
/// </summary>
public sealed class NotificationLedger : IAsyncDisposable
{
    public const string ClerkEmail = "clerk@ja0001.reliability.example.gov.cn";
    public const string ApproverEmail = "head@ja0001.reliability.example.gov.cn";

    private NotificationLedger(TestSmtpServer smtp, TestHttpReceiver gateway) => (Smtp, Gateway) = (smtp, gateway);

    public TestSmtpServer Smtp { get; }
    public TestHttpReceiver Gateway { get; }

    public static string MobileOf(int crew) => $"1390000{crew:D4}";

    public static async Task<NotificationLedger> StartAsync()
    {
        var smtp = await TestSmtpServer.StartAsync();
        var gateway = await TestHttpReceiver.StartAsync();
        gateway.Answer("/sms", Reply.Ok("{\"accepted\":true}"));
        return new NotificationLedger(smtp, gateway);
    }

    /// <summary>
    /// The nodes' channel settings. Pauses between tries and the lease of a delivery being sent are short, so that what a
    /// crash interrupted is sent again within the run's settling time.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet__Notifications__Email__Host"] = Smtp.Host,
        ["Fleet__Notifications__Email__Port"] = Smtp.Port.ToString(),
        ["Fleet__Notifications__Email__Security"] = "None",
        ["Fleet__Notifications__Email__FromAddress"] = "fleet@jiangan.reliability.example.gov.cn",
        ["Fleet__Notifications__Sms__Url"] = Gateway.Url("/sms").AbsoluteUri,
        ["Fleet__Notifications__RetryAfter__0"] = "00:00:01",
        ["Fleet__Notifications__RetryAfter__1"] = "00:00:02",
        ["Fleet__Notifications__RetryAfter__2"] = "00:00:05",
        ["Fleet__Notifications__RetryAfter__3"] = "00:00:10",
        ["Fleet__Notifications__SendingLease"] = "00:00:10",
        ["Fleet__PublicAddress"] = "https://fleet.reliability.example.gov.cn/",
    };

    /// <summary>The notices a run's stories call for: the head of every request, the clerk of the decision, the car and the end, the driver of the car.</summary>
    public static IReadOnlyList<ExpectedNotice> Expected(IReadOnlyDictionary<Guid, TripStory> stories) =>
        stories.SelectMany(story => Notices(story.Key, story.Value)).ToList();

    private static IEnumerable<ExpectedNotice> Notices(Guid trip, TripStory story)
    {
        yield return new ExpectedNotice(trip, "ApprovalWaiting", ApproverEmail);
        if (story.Approved) yield return new ExpectedNotice(trip, "RequestApproved", ClerkEmail);
        if (story.DriverMobile is { } mobile)
        {
            yield return new ExpectedNotice(trip, "TripDispatched", ClerkEmail);
            yield return new ExpectedNotice(trip, "TripDispatched", mobile);
        }

        if (story.Finished) yield return new ExpectedNotice(trip, "TripFinished", ClerkEmail);
    }

    /// <summary>Holds what the far ends received against the stories and the nodes' delivery log.</summary>
    public async Task<NotificationFindings> ExamineAsync(string connectionString, IReadOnlyDictionary<Guid, TripStory> stories)
    {
        var expected = Expected(stories);
        var addresses = expected.Select(e => e.Address).ToHashSet();
        var deliveries = (await DeliveriesAsync(connectionString)).Where(d => addresses.Contains(d.Address)).ToList();
        var received = Smtp.Received().Select(m => m.Message.MessageId)
            .Concat(Gateway.RequestsTo("/sms").Select(r => r.Header(SmsGatewaySender.IdempotencyHeader) ?? ""))
            .ToList();
        var receivedIds = received.ToHashSet();
        bool Arrived(DeliveryRow d) => receivedIds.Contains(d.Channel == "Email" ? EmailSender.MessageId(d.Id) : d.Id);

        var byNotice = deliveries.ToLookup(d => new ExpectedNotice(d.Trip, d.Kind, d.Address));
        var wanted = expected.ToHashSet();
        return new NotificationFindings
        {
            Expected = expected.Count,
            Received = receivedIds.Count,
            Missing = expected.Where(e => !byNotice[e].Any(Arrived)).Select(e => $"{e.Kind} of {e.Trip} to {e.Address}").ToList(),
            SentTwice = byNotice.Where(n => n.Count() > 1).Select(n => $"{n.Key.Kind} of {n.Key.Trip} to {n.Key.Address}: {string.Join(", ", n.Select(d => d.Id))}")
                .ToList(),
            Unexpected = byNotice.Where(n => !wanted.Contains(n.Key)).Select(n => $"{n.Key.Kind} of {n.Key.Trip} to {n.Key.Address}").ToList(),
            NotSent = deliveries.Where(d => d.Status != "sent").Select(d => $"{d.Id}: {d.Status} after {d.Attempts} tries ({d.LastError})").ToList(),
            ResentUnderTheSameId = received.Count - receivedIds.Count,
        };
    }

    private sealed record DeliveryRow(string Id, Guid Trip, string Kind, string Channel, string Address, string Status, int Attempts, string? LastError);

    private static async Task<List<DeliveryRow>> DeliveriesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select d.id, n.subject, n.kind, d.channel, d.address, d.status, d.attempts, d.last_error
            from public.fleet_notification_deliveries d join public.fleet_notifications n on n.id = d.notification
            where n.subject is not null
            """, connection);
        var rows = new List<DeliveryRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new DeliveryRow(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        return rows;
    }

    /// <summary>Whether every delivery of the run's addresses has been sent: the run settles until it is.</summary>
    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
