using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// A command sent under an <c>Idempotency-Key</c>, and the answer it got. The record is inserted in the same
/// transaction as the command's events, so a command is carried out at most once per key whatever happens to the
/// connection; the answer is added once it has been written, and replayed to every repeat of the request.
/// </summary>
/// <param name="Id">The user and the key: keys are the client's, so two users' keys never meet.</param>
/// <param name="Fingerprint">Method, path and body: the same key on another request is a client error, not a repeat.</param>
/// <param name="Status">Null while the command runs, or if its answer was lost in a crash after it committed.</param>
public sealed record IdempotencyRecord(
    string Id,
    Guid UserId,
    string Fingerprint,
    Instant CreatedAt,
    int? Status = null,
    string? ContentType = null,
    string? Body = null,
    Guid? Stream = null)
{
    public static string IdOf(Guid userId, string key) => $"{userId:N}:{key}";
}

/// <summary>
/// Makes every command safe to retry. A POST carrying <c>Idempotency-Key</c> is looked up first: a repeat of an
/// answered request gets the first answer again (marked <c>Idempotency-Replayed: true</c>) and no second event; the
/// key on a different request is refused; a repeat while the first is still running is told to wait. A new
/// request runs normally, its record enlisted in the command's own transaction by the command's handler (<c>CommandSession</c>).
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IClock clock, ProblemText text)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    /// <summary>
    /// The event header that names the key a command's events were written under: whoever reads the history can tell
    /// which client request wrote what, and that a retried request wrote it once.
    /// </summary>
    public const string EventHeader = "idempotency-key";
    public const int MaxKeyLength = 100;

    /// <summary>An answer larger than this is not kept: replaying it would cost more than the client re-reading.</summary>
    private const int MaxStoredBody = 512 * 1024;

    private static readonly object PendingKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        // Sign-in answers carry credentials, which are never kept; signing in again is harmless anyway.
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.StartsWithSegments("/api/auth")
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userText || !Guid.TryParse(userText, out var userId))
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "idempotency.key_invalid",
                "An Idempotency-Key is 1 to {0} visible ASCII characters, such as a UUID.", MaxKeyLength);
            return;
        }

        var id = IdempotencyRecord.IdOf(userId, key);
        // The record is written by the command's own transaction, in the requester's city's database (ADR 025).
        var pool = context.User.FindFirstValue(FleetClaims.Pool);
        var fingerprint = await FingerprintAsync(context.Request);
        if (await EarlierAsync(id, pool, context.RequestAborted) is { } earlier)
        {
            await AnswerRepeat(context, earlier, fingerprint);
            return;
        }

        var pending = new Pending(new IdempotencyRecord(id, userId, fingerprint, clock.GetCurrentInstant()), key);
        context.Items[PendingKey] = pending;
        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch (Exception race) when (pending.Enlisted && LostRaces.Lost(race))
        {
            // A repeat sent while the first was still running, and the first committed: this one wrote nothing, and the
            // client hears what it would have heard a moment later. A race lost to a request under another key is the
            // record's, answered as such.
            if (await EarlierAsync(id, pool, CancellationToken.None) is not { } winner) throw;
            context.Response.Body = original;
            context.Response.Clear();
            await AnswerRepeat(context, winner, fingerprint);
            return;
        }
        finally
        {
            context.Response.Body = original;
        }

        // Kept before it is sent, so that a client repeating the request the moment it has the answer gets it again.
        if (pending.Enlisted && context.Response.StatusCode < 500) await KeepAnswerAsync(context, pending.Record, pool, captured);

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task<IdempotencyRecord?> EarlierAsync(string id, string? pool, CancellationToken cancellation)
    {
        await using var query = pool is null ? store.QuerySession() : store.QuerySession(pool);
        return await query.LoadAsync<IdempotencyRecord>(id, cancellation);
    }

    /// <summary>
    /// Only a command whose transaction committed has an answer worth keeping: if the record is not in the database,
    /// the transaction rolled back (a stale version, say) and a repeat of the request must run afresh.
    /// </summary>
    private async Task KeepAnswerAsync(HttpContext context, IdempotencyRecord record, string? pool, MemoryStream captured)
    {
        await using var session = pool is null ? store.LightweightSession() : store.LightweightSession(pool);
        if (await session.LoadAsync<IdempotencyRecord>(record.Id, CancellationToken.None) is null) return;

        var body = captured.Length <= MaxStoredBody ? Encoding.UTF8.GetString(captured.GetBuffer(), 0, (int)captured.Length) : null;
        session.Store(record with { Status = context.Response.StatusCode, ContentType = context.Response.ContentType, Body = body });
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private sealed class Pending(IdempotencyRecord record, string key)
    {
        public IdempotencyRecord Record { get; } = record;
        public string Key { get; } = key;
        public bool Enlisted { get; set; }
    }

    /// <summary>
    /// The submission a command sent for this request carries: the request as causation and, under a key, the
    /// fingerprint that its handler records in the command's own transaction (see <c>CommandSession</c>).
    /// </summary>
    public static Commands.Submission SubmissionOf(HttpContext context)
    {
        if (context.Items[PendingKey] is not Pending pending) return new Commands.Submission(context.TraceIdentifier, null, null, KeepsRefusals: true);
        pending.Enlisted = true;
        return new Commands.Submission(context.TraceIdentifier, pending.Key, pending.Record.Fingerprint, KeepsRefusals: true);
    }

    private async Task AnswerRepeat(HttpContext context, IdempotencyRecord earlier, string fingerprint)
    {
        if (earlier.Fingerprint != fingerprint)
        {
            await Refuse(context, StatusCodes.Status409Conflict, "idempotency.key_reused",
                "This Idempotency-Key was used for a different request: use a new key for every new request.");
            return;
        }

        if (earlier is not { Status: { } status, Body: { } body })
        {
            await Refuse(context, StatusCodes.Status409Conflict, "idempotency.in_progress",
                "A request with this Idempotency-Key has been carried out or is being carried out, and its answer is not available: read the current state before deciding to send it again.");
            return;
        }

        context.Response.StatusCode = status;
        if (earlier.ContentType is { } contentType) context.Response.ContentType = contentType;
        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0) hash.AppendData(buffer, 0, read);
            request.Body.Position = 0;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private Task Refuse(HttpContext context, int status, string code, string fallback, params object[] args) =>
        TypedResults.Problem(FleetProblems.Create(status, code, text.Get(code, fallback, args))).ExecuteAsync(context);
}
