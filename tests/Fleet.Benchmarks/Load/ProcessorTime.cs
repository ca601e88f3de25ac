using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Processor time used so far, read from <c>/proc</c>, in three parts that share the machine's cores during a run: this
/// process (the server, the clients and the robot receiver), PostgreSQL (the postmaster, its live children, and the
/// children that have ended, which the kernel adds to the postmaster's account) and the test SMTP server.
/// </summary>
internal readonly record struct ProcessorTime(double Server, double Database, double Smtp)
{
    private const double TicksPerSecond = 100;

    /// <param name="postmaster">The process id of the measured cluster's postmaster (first line of its <c>postmaster.pid</c>).</param>
    public static ProcessorTime Now(int postmaster)
    {
        // The SMTP server this process started keeps its script in a folder named after this process.
        var smtpFolder = $"smtp-{Environment.ProcessId}-";
        double server = 0, database = 0, smtp = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var id)) continue;
            try
            {
                var fields = Fields(File.ReadAllText(Path.Combine(folder, "stat")));
                var own = Seconds(fields[12]) + Seconds(fields[13]);
                if (id == Environment.ProcessId) server += own;
                else if (id == postmaster) database += own + Seconds(fields[14]) + Seconds(fields[15]);
                else if (fields[2] == postmaster.ToString(CultureInfo.InvariantCulture)) database += own;
                else if (fields[0].StartsWith("python", StringComparison.Ordinal) &&
                         File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(smtpFolder, StringComparison.Ordinal)) smtp += own;
            }
            catch (IOException)
            {
                // The process ended between the listing and the reading: its time is in its parent's account now.
            }
        }

        return new ProcessorTime(server, database, smtp);
    }

    public static ProcessorTime operator -(ProcessorTime a, ProcessorTime b) => new(a.Server - b.Server, a.Database - b.Database, a.Smtp - b.Smtp);

    public ProcessorTime Per(double trips) => new(Server / trips, Database / trips, Smtp / trips);

    /// <summary>The name (without its parentheses), then the fields after it: state [1], parent [2], … user and system time [12] and [13], ended children's [14] and [15].</summary>
    private static string[] Fields(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        return [stat[(open + 1)..close], .. stat[(close + 2)..].Split(' ')];
    }

    private static double Seconds(string ticks) => double.Parse(ticks, CultureInfo.InvariantCulture) / TicksPerSecond;
}
