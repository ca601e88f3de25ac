namespace Fleet.Domain.Common;

/// <summary>
/// The outcome of a pure decision: either the events to append, or the problems that refuse the command.
/// Invalid input reports every offending field at once so a clerk can fix the form in one go.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, IReadOnlyList<Problem> problems)
    {
        Events = events;
        Problems = problems;
    }

    public IReadOnlyList<object> Events { get; }
    public IReadOnlyList<Problem> Problems { get; }
    public bool IsAccepted => Problems.Count == 0;

    public static Decision Accept(params object[] events) => new(events, []);

    public static Decision Refuse(params Problem[] problems) =>
        problems.Length == 0
            ? throw new ArgumentException("A refusal needs at least one problem.", nameof(problems))
            : new Decision([], problems);

    public static Decision Refuse(IEnumerable<Problem> problems) => Refuse(problems.ToArray());
}
