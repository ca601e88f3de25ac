namespace Fleet.Domain.Common;

/// <summary>
/// Why a command was refused. <see cref="Code"/> is a stable identifier that clients may branch on and
/// that the server uses to find the localized message; <see cref="Message"/> is the English fallback and
/// <see cref="Args"/> fills the placeholders of either.
/// </summary>
public sealed record Problem(ProblemKind Kind, string Code, string Message, string? Field = null, params object[] Args)
{
    public static Problem Required(string field) =>
        new(ProblemKind.Invalid, "validation.required", "{0} is required.", field, field);

    public static Problem Invalid(string code, string field, string message, params object[] args) =>
        new(ProblemKind.Invalid, code, message, field, args);

    public static Problem Conflict(string code, string message, params object[] args) =>
        new(ProblemKind.Conflict, code, message, null, args);

    public static Problem NotFound(string code, string message, params object[] args) =>
        new(ProblemKind.NotFound, code, message, null, args);

    public static Problem Forbidden(string code, string message, params object[] args) =>
        new(ProblemKind.Forbidden, code, message, null, args);

    public string FormattedMessage => Args.Length == 0 ? Message : string.Format(Message, Args);
}

/// <summary>How a refusal maps onto the caller's options: fix the input, re-read state, or give up on the id.</summary>
public enum ProblemKind
{
    Invalid,
    Conflict,
    NotFound,
    Forbidden,
}
