using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// One POST to a webhook or gateway, with what its answer means for the message: the far end's status and timing
/// become outcomes here, and a sender only reads the body of an answer that says yes.
/// </summary>
internal static class HttpDelivery
{
    /// <summary>How much of an answer is kept in a reason: enough to recognise it, not a whole error page.</summary>
    private const int ExcerptLength = 200;

    /// <summary>JSON as the far ends read it: UTF-8 with Chinese written as itself, not as \u escapes.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>A JSON body for a webhook or gateway, <c>application/json; charset=utf-8</c>.</summary>
    public static JsonContent JsonBody<T>(T value) => JsonContent.Create(value, options: Json);

    /// <summary>Sends <paramref name="request"/>; a 2xx answer goes to <paramref name="read"/>, everything else becomes an outcome here.</summary>
    public static async Task<SendOutcome> SendAsync(
        HttpClient client, HttpRequestMessage request, IClock clock, Func<HttpResponseMessage, string, SendOutcome> read,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? read(response, body)
                : ForStatus(response.StatusCode, RetryAfter(response, clock), $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{Excerpt(body)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Transient($"No answer from {request.RequestUri?.Host} within {client.Timeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome.Transient($"Could not reach {request.RequestUri?.Host}: {e.Message}", null);
        }
        catch (IOException e)
        {
            return new SendOutcome.Transient($"The connection to {request.RequestUri?.Host} broke: {e.Message}", null);
        }
    }

    /// <summary>
    /// A refusal by status: the far end overloaded, down or asking for time (429, 408, 5xx) is worth another try;
    /// any other refusal says the request itself is wrong and will be refused again.
    /// </summary>
    public static SendOutcome ForStatus(HttpStatusCode status, TimeSpan? retryAfter, string reason) => (int)status switch
    {
        429 or 408 or >= 500 => new SendOutcome.Transient(reason, retryAfter),
        _ => new SendOutcome.Permanent(reason),
    };

    /// <summary>The wait a Retry-After header asks for, in seconds or as a date; none when it is absent or already past.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, IClock clock)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            var wait = Instant.FromDateTimeOffset(date) - clock.GetCurrentInstant();
            return wait > Duration.Zero ? wait.ToTimeSpan() : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>A robot's answer, <c>{"errcode":0,"errmsg":"ok"}</c>; null when the body is not one.</summary>
    public static (long Code, string Message)? RobotAnswer(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errcode", out var code)
                || !code.TryGetInt64(out var number)) return null;
            var message = document.RootElement.TryGetProperty("errmsg", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            return (number, message ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Excerpt(string body)
    {
        var trimmed = body.Trim();
        return trimmed.Length == 0 ? "" : ": " + (trimmed.Length <= ExcerptLength ? trimmed : trimmed[..ExcerptLength] + "…");
    }
}
