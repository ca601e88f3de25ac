using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Server.Infrastructure.Time;

namespace Fleet.Reliability.Tests;

/// <summary>How a command ended for the person who sent it.</summary>
public enum Outcome
{
    /// <summary>A success answer came back (first or replayed): the person acts on it.</summary>
    Acknowledged,

    /// <summary>The server refused it with a problem answer: it must have written nothing.</summary>
    Refused,

    /// <summary>The server says the key was carried out but has no answer for it (a crash between commit and answer).</summary>
    AnswerLost,
}

/// <summary>One command as its sender recorded it: the key it went under and what came of it.</summary>
public sealed record SentCommand(string Key, string Kind, string Path, Outcome Outcome, int Attempts, string? Code);

/// <summary>Everything the clients sent and what the servers answered, for the checks after the run.</summary>
public sealed class CommandLog
{
    private readonly List<SentCommand> _commands = [];
    private long _transportFailures, _unavailable, _serverErrors, _replays;
    private readonly List<string> _serverErrorBodies = [];

    public IReadOnlyList<SentCommand> Commands
    {
        get
        {
            lock (_commands) return _commands.ToList();
        }
    }

    /// <summary>Requests that got no answer at all: the connection was refused or cut (a node down).</summary>
    public long TransportFailures => Interlocked.Read(ref _transportFailures);

    /// <summary>503 answers: a node up while its database was not.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>500 answers: always a defect.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public IReadOnlyList<string> ServerErrorBodies
    {
        get
        {
            lock (_serverErrorBodies) return _serverErrorBodies.ToList();
        }
    }

    /// <summary>Acknowledgements that were replays of an earlier execution (<c>Idempotency-Replayed</c>).</summary>
    public long Replays => Interlocked.Read(ref _replays);

    public void Add(SentCommand command)
    {
        lock (_commands) _commands.Add(command);
    }

    public void TransportFailed() => Interlocked.Increment(ref _transportFailures);
    public void WasUnavailable() => Interlocked.Increment(ref _unavailable);
    public void Replayed() => Interlocked.Increment(ref _replays);

    public void ServerError(string body)
    {
        Interlocked.Increment(ref _serverErrors);
        lock (_serverErrorBodies) _serverErrorBodies.Add(body);
    }
}

/// <summary>The answer to a command: its outcome, and the body for a success or the problem code for a refusal.</summary>
public sealed record Answer(Outcome Outcome, JsonElement Body, string? Code);

/// <summary>
/// One person at a keyboard: signs in, sends each command once under a fresh <c>Idempotency-Key</c> and, when no answer
/// comes (a node killed, the database restarting), sends the very same request again under the same key to whichever
/// node answers, until the server says what became of it.
/// </summary>
public sealed class Person(string login, string password, IFleetNodes cluster, HttpClient http, CommandLog log)
{
    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>How long a person keeps retrying one command before the run counts it as failed.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>How long a key may stay "carried out, no answer" before the sender concludes the answer was lost.</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(15);

    private string? _token;

    public string Login { get; } = login;

    public async Task<Answer> CommandAsync(string kind, string path, object body)
    {
        var key = Guid.NewGuid().ToString();
        var content = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var started = Stopwatch.StartNew();
        Stopwatch? inProgress = null;
        for (var attempt = 1; ; attempt++)
        {
            if (started.Elapsed > Patience)
                throw new TimeoutException($"{Login}: {kind} {path} (key {key}) got no answer within {Patience}.");

            var (status, text, replayed) = await TrySendAsync(HttpMethod.Post, path, content, key);
            if (status is null)
            {
                await Task.Delay(250);
                continue;
            }

            var problemCode = Code(text);
            switch ((int)status.Value)
            {
                case >= 200 and < 300:
                    if (replayed) log.Replayed();
                    log.Add(new SentCommand(key, kind, path, Outcome.Acknowledged, attempt, null));
                    return new Answer(Outcome.Acknowledged, Parse(text), null);
                case 409 when problemCode == "idempotency.in_progress":
                    inProgress ??= Stopwatch.StartNew();
                    if (inProgress.Elapsed > AnswerWait)
                    {
                        log.Add(new SentCommand(key, kind, path, Outcome.AnswerLost, attempt, problemCode));
                        return new Answer(Outcome.AnswerLost, default, problemCode);
                    }

                    await Task.Delay(500);
                    continue;
                case 401:
                    _token = null;
                    continue;
                case 429 or 502 or 503 or 504:
                    await Task.Delay(500);
                    continue;
                case >= 500:
                    log.ServerError($"{kind} {path}: {(int)status} {text}");
                    await Task.Delay(500);
                    continue;
                default:
                    log.Add(new SentCommand(key, kind, path, Outcome.Refused, attempt, problemCode));
                    return new Answer(Outcome.Refused, Parse(text), problemCode);
            }
        }
    }

    /// <summary>Reads a resource, waiting out node and database restarts.</summary>
    public async Task<JsonElement> ReadAsync(string path)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (started.Elapsed > Patience) throw new TimeoutException($"{Login}: GET {path} got no answer within {Patience}.");
            var (status, text, _) = await TrySendAsync(HttpMethod.Get, path, null, null);
            switch (status)
            {
                case null:
                    await Task.Delay(250);
                    continue;
                case HttpStatusCode.OK:
                    return Parse(text);
                case HttpStatusCode.Unauthorized:
                    _token = null;
                    continue;
                case >= HttpStatusCode.InternalServerError and not HttpStatusCode.ServiceUnavailable:
                    log.ServerError($"GET {path}: {(int)status} {text}");
                    await Task.Delay(500);
                    continue;
                case HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests:
                    await Task.Delay(500);
                    continue;
                default:
                    throw new InvalidOperationException($"{Login}: GET {path} answered {(int)status}: {text}");
            }
        }
    }

    /// <summary>One attempt: the status, body and replay mark, or no status when no node answered at all.</summary>
    private async Task<(HttpStatusCode? Status, string Text, bool Replayed)> TrySendAsync(HttpMethod method, string path, byte[]? content, string? key)
    {
        var node = cluster.NextAddress();
        try
        {
            _token ??= await SignInAsync(node);
            if (_token is null) return (null, "", false);
            using var request = new HttpRequestMessage(method, new Uri(node, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            if (content is not null) request.Content = new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) log.WasUnavailable();
            return (response.StatusCode, text, response.Headers.TryGetValues("Idempotency-Replayed", out var values) && values.Contains("true"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            log.TransportFailed();
            return (null, "", false);
        }
    }

    private async Task<string?> SignInAsync(Uri node)
    {
        using var response = await http.PostAsJsonAsync(new Uri(node, "/api/auth/token"), new { loginName = Login, password });
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) log.WasUnavailable();
        if (response.StatusCode >= HttpStatusCode.InternalServerError && response.StatusCode != HttpStatusCode.ServiceUnavailable)
            log.ServerError($"sign-in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (!response.IsSuccessStatusCode) return null;
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }

    private static JsonElement Parse(string text) => text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();

    private static string? Code(string text)
    {
        if (!text.StartsWith('{')) return null;
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
