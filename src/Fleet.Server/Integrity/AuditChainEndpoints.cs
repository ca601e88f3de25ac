using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.Domain.People;
using NodaTime.Text;

namespace Fleet.Server.Integrity;

/// <summary>
/// The daily digests a supervisor exports and keeps outside the system: a SHA-256 checksum catches a file damaged or
/// edited by hand, the signature (<see cref="AuditSigner"/>) one edited by somebody who also recomputed the checksum.
/// Both cover <see cref="Content"/>, one line <c>chain|day|lastSequence|link</c> per digest.
/// </summary>
public sealed record DigestExport(Instant ExportedAt, IReadOnlyList<AuditDigest> Digests, string Sha256, string? KeyId = null, string? Signature = null)
{
    /// <summary>Several years of digests for the city and every district.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    public static DigestExport Create(Instant exportedAt, IReadOnlyList<AuditDigest> digests, AuditSigner signer) =>
        new(exportedAt, digests, Checksum(digests), signer.PublicKey.KeyId, signer.Sign(Content(digests)));

    public static string Content(IReadOnlyList<AuditDigest> digests) =>
        string.Join('\n', digests.Select(d => $"{d.Chain}|{LocalDatePattern.Iso.Format(d.Day)}|{d.LastSequence}|{d.Link}"));

    public static string Checksum(IReadOnlyList<AuditDigest> digests) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content(digests))));

    /// <summary>Why this file cannot be trusted as exported by this server, or null when it can.</summary>
    public Problem? Flaw(AuditSigner signer)
    {
        if (Digests is null || Checksum(Digests) != Sha256)
            return Problem.Invalid("audit.digest_file_altered", "sha256",
                "The digest file does not match its checksum: it was changed after it was exported.");
        if (string.IsNullOrEmpty(Signature) || string.IsNullOrEmpty(KeyId))
            return Problem.Invalid("audit.digest_file_unsigned", "signature",
                "The digest file carries no signature, so an edit with a recomputed checksum would go unnoticed: export the digests again.");
        if (KeyId != signer.PublicKey.KeyId)
            return Problem.Invalid("audit.digest_signed_by_other_key", "keyId",
                "The digest file was signed with key {0}, not with this server's key {1}: check it with the public key of {0}.", KeyId, signer.PublicKey.KeyId);
        if (!signer.Verifies(Content(Digests), Signature))
            return Problem.Invalid("audit.digest_signature_invalid", "signature",
                "The digest file's signature does not match its digests: it was changed after it was exported.");
        return null;
    }
}

/// <summary>
/// Recomputes the chains a supervisor may see — every pool's and the city's for the city — and reports the first break of
/// each: from each chain's newest signed checkpoint, or with <c>from=start</c> from the first event.
/// </summary>
public sealed record VerifyAuditChain(string? From = null) : Query<AuditVerification>;

/// <summary>How far the supervisor's latest verification has got, and once finished its result.</summary>
public sealed record ReadAuditVerification : Query<AuditVerificationStatus>;

/// <summary>Recomputes the chains against a digest file exported earlier (<see cref="ExportAuditDigests"/>).</summary>
public sealed record VerifyAuditChainAgainstDigests(DigestExport Export) : Query<AuditVerification>;

/// <summary>The daily digests of the chains the supervisor may see, between two local days, to keep outside the system.</summary>
public sealed record ExportAuditDigests(string? From, string? To) : Query<DigestExport>;

public static class AuditChainHandler
{
    public static async Task<Outcome<AuditVerification>> Handle(VerifyAuditChain asked, AuditChains chains, CancellationToken cancellation)
    {
        if (StartOf(asked.From) is not { } from) return Outcome<AuditVerification>.Refused(StartInvalid(asked.From!));
        return await chains.For(asked.By.Pool).Verifier.VerifyAsync(chains.ChainsOf(asked.By), null, from, null, cancellation);
    }

    public static async Task<Outcome<AuditVerificationStatus>> Handle(ReadAuditVerification asked, AuditChains chains, CancellationToken cancellation) =>
        await chains.For(asked.By.Pool).Runs.LatestAsync(chains.ScopeOf(asked.By), cancellation) is { } status
            ? status
            : Outcome<AuditVerificationStatus>.Refused(Problem.NotFound("audit.verification_not_started",
                "No verification has been started here yet: start one."));

    /// <summary>Where a verification is asked to start: nothing or <c>checkpoint</c> for the last signed checkpoint, <c>start</c> for the first event.</summary>
    public static VerificationStart? StartOf(string? from) => from?.Trim().ToLowerInvariant() switch
    {
        null or "" or "checkpoint" => VerificationStart.Checkpoint,
        "start" => VerificationStart.Start,
        _ => null,
    };

    internal static Problem StartInvalid(string from) =>
        Problem.Invalid("audit.verification_start_invalid", "from",
            "A verification starts from the last signed checkpoint (leave 'from' out) or from the first event ('from=start'), not from '{0}'.", from);

    public static async Task<Outcome<AuditVerification>> Handle(VerifyAuditChainAgainstDigests asked, AuditChains chains, AuditSigner signer,
        CancellationToken cancellation)
    {
        if (asked.Export.Flaw(signer) is { } flaw) return Outcome<AuditVerification>.Refused(flaw);
        return await chains.For(asked.By.Pool).Verifier.VerifyAsync(chains.ChainsOf(asked.By), asked.Export.Digests, cancellation);
    }

    public static async Task<Outcome<DigestExport>> Handle(ExportAuditDigests asked, AuditChains chains, AuditSigner signer, IClock clock,
        CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        var first = QueryCalendar.Day(asked.From, "from", "audit.day_invalid", problems);
        var last = QueryCalendar.Day(asked.To, "to", "audit.day_invalid", problems);
        if (problems.Count > 0) return Outcome<DigestExport>.Refused(problems);

        var digests = await chains.For(asked.By.Pool).Chain.DigestsAsync(chains.ChainsOf(asked.By), first, last, cancellation);
        return DigestExport.Create(clock.GetCurrentInstant(), digests, signer);
    }
}

public static class AuditChainEndpoints
{
    /// <summary><c>?from=start</c> checks every chain from its first event; without it, from each chain's last signed checkpoint.</summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyAuditChain"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<AuditVerification>, ProblemHttpResult>> Verify(string? from, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new VerifyAuditChain(from), http);

    /// <summary>The latest verification's progress — events checked of the total, per chain — and once finished its result.</summary>
    [WolverineGet("/api/audit/verifications/current", OperationId = "ReadAuditVerification"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<AuditVerificationStatus>, ProblemHttpResult>> CurrentVerification(HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReadAuditVerification(), http);

    [WolverinePost("/api/audit/verify", OperationId = "VerifyAuditChainAgainstDigests"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    // A year of digests for the city and every district is a few hundred kilobytes, more than a form.
    [BodyLimit(DigestExport.MaxFileBytes)]
    public static Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAgainst(DigestExport export, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new VerifyAuditChainAgainstDigests(export), http);

    /// <summary><c>?from=2026-11-01&amp;to=2026-11-30</c></summary>
    [WolverineGet("/api/audit/digests", OperationId = "ExportAuditDigests"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<DigestExport>, ProblemHttpResult>> Digests(string? from, string? to, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ExportAuditDigests(from, to), http);

    /// <summary>The public key that signs digest files, to keep beside them and check them without Fleet.</summary>
    [WolverineGet("/api/audit/signing-key", OperationId = "ReadAuditSigningKey"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static AuditSigningKey SigningKey(AuditSigner signer) => signer.PublicKey;

}
