using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace Fleet.Server.Audit;

/// <summary>
/// The daily digests a supervisor exports and keeps outside the system, with a SHA-256 checksum of their content so
/// that the file itself cannot be edited unnoticed.
/// </summary>
public sealed record DigestExport(Instant ExportedAt, IReadOnlyList<AuditDigest> Digests, string Sha256)
{
    public static string Checksum(IReadOnlyList<AuditDigest> digests) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            digests.Select(d => $"{d.Chain}|{LocalDatePattern.Iso.Format(d.Day)}|{d.LastSequence}|{d.Link}")))));
}

public static class AuditChainEndpoints
{
    /// <summary>Recomputes the chains a supervisor may see — every pool's and the city's for the city — and reports the first break of each.</summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyAuditChain"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<AuditVerification> Verify(ClaimsPrincipal user, AuditVerifier verifier, CancellationToken cancellation) =>
        verifier.VerifyAsync(Chains(Actor.Of(user)), null, cancellation);

    /// <summary>Recomputes the chains against a digest file exported earlier (<c>GET /api/audit/digests</c>).</summary>
    [WolverinePost("/api/audit/verify", OperationId = "VerifyAuditChainAgainstDigests"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAgainst(DigestExport export, ClaimsPrincipal user,
        AuditVerifier verifier, ProblemText text, CancellationToken cancellation)
    {
        if (export.Digests is null || DigestExport.Checksum(export.Digests) != export.Sha256)
            return FleetProblems.From([Problem.Invalid("audit.digest_file_altered", "sha256",
                "The digest file does not match its checksum: it was changed after it was exported.")], text);
        return TypedResults.Ok(await verifier.VerifyAsync(Chains(Actor.Of(user)), export.Digests, cancellation));
    }

    /// <summary>The daily digests of the chains the supervisor may see, <c>?from=2026-11-01&amp;to=2026-11-30</c>, to keep outside the system.</summary>
    [WolverineGet("/api/audit/digests", OperationId = "ExportAuditDigests"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static async Task<Results<Ok<DigestExport>, ProblemHttpResult>> Digests(string? from, string? to, ClaimsPrincipal user, AuditChainStore chain,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        var first = Day(from, "from", problems);
        var last = Day(to, "to", problems);
        if (problems.Count > 0) return FleetProblems.From(problems, text);

        var digests = await chain.DigestsAsync(Chains(Actor.Of(user)), first, last, cancellation);
        return TypedResults.Ok(new DigestExport(clock.GetCurrentInstant(), digests, DigestExport.Checksum(digests)));
    }

    /// <summary>A city supervisor checks every chain; a district's supervisor the district's own.</summary>
    private static IReadOnlyCollection<string>? Chains(Actor actor) => actor.SeesWholeCity ? null : [actor.Pool];

    private static LocalDate? Day(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        problems.Add(Problem.Invalid("audit.day_invalid", field, "'{0}' is not a day: write it as 2026-11-03.", text.Length > 20 ? text[..20] : text));
        return null;
    }
}
