namespace Fleet.Reliability.Tests;

/// <summary>The figures of each run, one line each, printed and appended to <c>FLEET_RELIABILITY_REPORT</c> when it is set.</summary>
public static class ReliabilityReport
{
    public static string Line(RunResult result)
    {
        var (plan, findings, log, tally) = (result.Plan, result.Findings, result.Log, result.Tally);
        return $"| {plan.Name} | {plan.Nodes} | {plan.Load.TotalSeconds:0} s | {plan.People} / {plan.Crews} | {findings.Acknowledged:N0} | " +
               $"{log.Replays:N0} | {findings.AnswersLost} | {findings.Refused:N0} | {findings.Lost.Count} | {findings.Duplicated.Count} | " +
               $"{findings.DoubleBookings.Count} | {tally.Finished:N0} | {findings.ClosedByTimer:N0} | {result.Kills} | {result.DatabaseCrashes} | " +
               $"{log.TransportFailures:N0} / {log.Unavailable:N0} / {log.ServerErrors} | {findings.EventCount:N0} | {result.Notifications.Expected:N0} / {result.Notifications.Missing.Count} / " +
               $"{result.Notifications.SentTwice.Count} / {result.Notifications.ResentUnderTheSameId} | {Positions(result.Positions)} | {result.SettledIn.TotalSeconds:0} s |";
    }

    private static string Positions(PositionFindings p) =>
        $"{p.Acknowledged:N0} / {p.Resent:N0} / {p.Lost.Count + p.Altered.Count} / {p.StoredTwice.Count} / {p.StoredUnauthenticated.Count} / {p.Reconnections}";

    public const string Header =
        "| run | nodes | load | people / cars | acknowledged | replayed | answer lost | refused | lost | duplicated | double bookings | trips finished | closed by timer | SIGKILLs | PostgreSQL immediate stops | no answer / 503 / 500 | events | notifications expected / missing / sent twice / received again under one id | positions acknowledged / sent again / lost / stored twice / stored unauthenticated / terminals' reconnections | settled in |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public static void Append(RunResult result)
    {
        if (Environment.GetEnvironmentVariable("FLEET_RELIABILITY_REPORT") is not { Length: > 0 } file) return;
        lock (typeof(ReliabilityReport))
        {
            if (!File.Exists(file)) File.WriteAllText(file, Header + Environment.NewLine);
            File.AppendAllText(file, Line(result) + Environment.NewLine);
        }
    }
}
