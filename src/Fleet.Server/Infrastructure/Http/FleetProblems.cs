using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Turns refusals into RFC 9457 problem responses: a stable <c>code</c> to branch on, a message a clerk can
/// act on in their own language, and for invalid input one entry per offending field.
/// </summary>
public static class FleetProblems
{
    public const string ValidationFailed = "validation.failed";

    public static ProblemHttpResult From(IReadOnlyList<Problem> problems, ProblemText text)
    {
        var first = problems[0];
        var status = first.Kind switch
        {
            ProblemKind.Invalid => StatusCodes.Status400BadRequest,
            ProblemKind.Conflict => StatusCodes.Status409Conflict,
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };

        // Several invalid fields are one "fix the form" answer; several conflicts (a car in the workshop and
        // booked as well) keep the first one's code, so that a client can branch on it, and list them all.
        var details = problems.Count == 1 || first.Kind != ProblemKind.Invalid
            ? Create(status, first.Code, text.Describe(first))
            : Create(status, ValidationFailed, text.Get(ValidationFailed, "The request has {0} problems; see errors.", problems.Count));

        if (problems.Count > 1 || first.Field is not null)
        {
            details.Extensions["errors"] = problems.Select(p => new FieldError(p.Field, p.Code, text.Describe(p))).ToArray();
        }

        return TypedResults.Problem(details);
    }

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Title = ReasonPhrases(status),
        Detail = detail,
        Type = $"urn:fleet:problem:{code}",
        Extensions = { ["code"] = code },
    };

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    public sealed record FieldError(string? Field, string Code, string Message);
}
