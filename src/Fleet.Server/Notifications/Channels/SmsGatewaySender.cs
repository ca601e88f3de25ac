using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// The SMS gateway (contract in docs/notifications.md, "SMS gateway"): one JSON POST per text message, carrying the
/// delivery's id as its idempotency key so that a retry after a lost answer is not sent twice.
/// </summary>
public sealed partial class SmsGatewaySender(IHttpClientFactory clients, SmsChannelSettings settings, IClock clock, ILogger<SmsGatewaySender> logger)
    : IChannelSender
{
    public const string ClientName = "Fleet.Notifications.Sms";
    public const string IdempotencyHeader = "Idempotency-Key";

    public ChannelKind Channel => ChannelKind.Sms;

    public bool IsConfigured => settings.IsConfigured;

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (!MainlandMobile().IsMatch(message.Address))
            return new SendOutcome.Permanent($"\"{message.Address}\" is not a mainland mobile number of 11 digits starting with 1.");

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = HttpDelivery.JsonBody(new { id = message.DeliveryId, to = message.Address, text = Text(message) }),
        };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, message.DeliveryId);
        if (!string.IsNullOrEmpty(settings.ApiKey)) request.Headers.TryAddWithoutValidation(settings.ApiKeyHeader!, settings.ApiKey);

        var outcome = await HttpDelivery.SendAsync(clients.CreateClient(ClientName), request, clock, (_, body) => new SendOutcome.Sent(Reference(body)), cancellationToken);
        if (outcome is not SendOutcome.Sent)
            logger.LogWarning("The SMS gateway did not take {Delivery}: {Outcome}", message.DeliveryId, outcome);
        return outcome;
    }

    /// <summary>The text as the phone shows it: the subject, then the body, then the link, each on its own line.</summary>
    public static string Text(ChannelMessage message) =>
        string.Join('\n', new[] { message.Subject.Trim(), message.Body.Trim(), message.Link?.AbsoluteUri }.Where(part => !string.IsNullOrEmpty(part)));

    /// <summary>The gateway's own id of the message, from <c>{"id": "…"}</c> in its answer, when it gives one.</summary>
    public static string? Reference(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                ? id.ValueKind switch
                {
                    JsonValueKind.String => id.GetString(),
                    JsonValueKind.Number => id.GetRawText(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^1[0-9]{10}$")]
    private static partial Regex MainlandMobile();
}
