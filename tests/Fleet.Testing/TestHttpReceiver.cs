using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Testing;

/// <summary>
/// A throw-away HTTP server on a free loopback port standing in for a webhook or gateway: it records every request
/// (path, query, headers, body) and answers each path as the test has scripted it — a body with 200, the next few
/// with 500, 429 with Retry-After, no answer at all, a robot's errcode. A path nobody scripted answers 200 with no body.
/// </summary>
public sealed class TestHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private TestHttpReceiver(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<TestHttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new TestHttpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return receiver;
    }

    /// <summary>The absolute address of <paramref name="pathAndQuery"/> on this server, e.g. <c>/cgi-bin/webhook/send?key=k1</c>.</summary>
    public Uri Url(string pathAndQuery) => new(Address, pathAndQuery);

    /// <summary>Every request so far, in the order they came.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    public IReadOnlyList<ReceivedRequest> RequestsTo(string path) => Requests.Where(request => request.Path == path).ToList();

    /// <summary>From now on <paramref name="path"/> answers with <paramref name="reply"/> (after any one-off replies still queued).</summary>
    public void Answer(string path, Reply reply) => ScriptFor(path).Standing = reply;

    /// <summary>The next <paramref name="count"/> requests to <paramref name="path"/> get <paramref name="reply"/>, then the standing answer again.</summary>
    public void AnswerNext(string path, int count, Reply reply)
    {
        var script = ScriptFor(path);
        for (var i = 0; i < count; i++) script.Next.Enqueue(reply);
    }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="path"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(string path, int count, int status = 500) => AnswerNext(path, count, Reply.Status(status, "{\"error\":\"failing as scripted\"}"));

    private Script ScriptFor(string path) => _scripts.GetOrAdd(path, _ => new Script());

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        _requests.Enqueue(new ReceivedRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));

        var script = _scripts.GetValueOrDefault(request.Path.Value ?? "/");
        var reply = script is null ? Reply.Ok("") : script.Next.TryDequeue(out var next) ? next : script.Standing;
        if (reply.Hang)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return;
            }
        }

        context.Response.StatusCode = reply.StatusCode;
        if (reply.RetryAfter is { } wait) context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString();
        if (reply.Body.Length > 0)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class Script
    {
        public ConcurrentQueue<Reply> Next { get; } = new();
        public Reply Standing { get; set; } = Reply.Ok("");
    }
}

/// <summary>How <see cref="TestHttpReceiver"/> answers one request.</summary>
public sealed record Reply(int StatusCode, string Body, string ContentType = "application/json; charset=utf-8", TimeSpan? RetryAfter = null, bool Hang = false)
{
    public static Reply Ok(string body) => new(200, body);

    public static Reply Status(int statusCode, string body = "") => new(statusCode, body);

    /// <summary>200 with a 企业微信 or 钉钉 robot's answer, <c>{"errcode":…,"errmsg":"…"}</c>.</summary>
    public static Reply Robot(long errcode, string errmsg = "ok") => new(200, JsonSerializer.Serialize(new { errcode, errmsg }));

    public static Reply TooManyRequests(TimeSpan retryAfter) => new(429, "{\"error\":\"slow down\"}", RetryAfter: retryAfter);

    /// <summary>No answer at all, until the caller gives up or the receiver stops.</summary>
    public static Reply NoAnswer { get; } = new(200, "", Hang: true);
}

/// <summary>One request as <see cref="TestHttpReceiver"/> received it; <see cref="Query"/> is the raw query string with its <c>?</c>.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The decoded value of one query parameter, or null.</summary>
    public string? QueryValue(string name) => QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
