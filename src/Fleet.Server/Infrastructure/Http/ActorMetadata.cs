using System.Security.Claims;
using Marten;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Stamps every event written during a request with who wrote it and why: the signed-in user and role, and
/// the request as causation. Wolverine supplies the correlation id (from the <c>X-Correlation-ID</c> header
/// when a client sends one).
/// </summary>
public static class ActorMetadata
{
    public const string RoleHeader = "role";
    public const string Anonymous = "anonymous";

    public static void Before(HttpContext http, IDocumentSession session)
    {
        var user = http.User;
        session.LastModifiedBy = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? Anonymous;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();
        session.SetHeader(RoleHeader, roles.Length == 0 ? Anonymous : string.Join(',', roles));
        session.CausationId = http.TraceIdentifier;
    }
}
