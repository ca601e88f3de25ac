using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Processor time used so far, read from <c>/proc</c>, in the parts that share the machine's cores during a run: this
/// process (the server and the clients), PostgreSQL (the postmaster, its live children, and the children that have
/// ended, which the kernel adds to the postmaster's account), the test SMTP server and the robot receiver.
/// </summary>
internal readonly record struct ProcessorTime(double Server, double Database, double Smtp, double Robots)
{
    private const double TicksPerSecond = 100;

    /// <param name="postmaster">The process id of the measured cluster's postmaster (first line of its <c>postmaster.pid</c>).</param>
    /// <param name="robots">The process id of the robot receiver.</param>
    public static ProcessorTime Now(int postmaster, int robots)
    {
        var smtpServers = SmtpServers().ToHashSet();
        double server = 0, database = 0, smtp = 0, receiver = 0;
        foreach (var (id, _, fields) in Processes())
        {
            var own = Seconds(fields[12]) + Seconds(fields[13]);
            if (id == Environment.ProcessId) server += own;
            else if (id == postmaster) database += own + Seconds(fields[14]) + Seconds(fields[15]);
            else if (fields[2] == postmaster.ToString(CultureInfo.InvariantCulture)) database += own;
            else if (id == robots) receiver += own;
            else if (smtpServers.Contains(id)) smtp += own;
        }

        return new ProcessorTime(server, database, smtp, receiver);
    }

    /// <summary>
    /// Processor seconds so far of this process's tiered-compilation thread, which recompiles hot methods with full
    /// optimization in the background: while it still works, a measured part pays for the runtime's warm-up, not for Fleet.
    /// </summary>
    public static double Compiling()
    {
        double seconds = 0;
        foreach (var (_, _, stat) in Read("stat", "/proc/self/task"))
        {
            var fields = Fields(stat);
            // The kernel keeps 15 characters of ".NET Tiered Compilation Worker".
            if (fields[0].StartsWith(".NET Tiered Com", StringComparison.Ordinal)) seconds += Seconds(fields[12]) + Seconds(fields[13]);
        }

        return seconds;
    }

    /// <summary>The SMTP servers this process started: each keeps its script in a folder named after this process.</summary>
    public static IEnumerable<int> SmtpServers()
    {
        var smtpFolder = $"smtp-{Environment.ProcessId}-";
        return Read("cmdline")
            .Where(p => p.Text.StartsWith("/usr/bin/python", StringComparison.Ordinal) && p.Text.Contains(smtpFolder, StringComparison.Ordinal))
            .Select(p => p.Id);
    }

    /// <summary>
    /// PostgreSQL's processor time so far by part: the sessions of clients (live backends), autovacuum (its launcher and
    /// live workers), the other background processes (WAL writer, checkpointer, background writer, …), and the children
    /// that have ended (mostly autovacuum workers, which end after each visit).
    /// </summary>
    public static DatabaseParts PartsOf(int postmaster)
    {
        double sessions = 0, autovacuum = 0, background = 0, ended = 0;
        foreach (var (id, folder, fields) in Processes())
        {
            var own = Seconds(fields[12]) + Seconds(fields[13]);
            if (id == postmaster)
            {
                background += own;
                ended += Seconds(fields[14]) + Seconds(fields[15]);
                continue;
            }

            if (fields[2] != postmaster.ToString(CultureInfo.InvariantCulture)) continue;
            string title;
            try
            {
                title = File.ReadAllText(Path.Combine(folder, "cmdline")).TrimEnd('\0');
            }
            catch (IOException)
            {
                continue; // ended since its times were read: they are in the postmaster's account of ended children now
            }

            if (title.Contains("autovacuum", StringComparison.Ordinal)) autovacuum += own;
            else if (title.Contains('(')) sessions += own; // "postgres: user database host(port) state"
            else background += own;
        }

        return new DatabaseParts(sessions, autovacuum, background, ended);
    }

    /// <summary>
    /// Every process now, with the fields of its <c>stat</c>; one that ends between the listing and the reading is left out,
    /// its time being in its parent's account of ended children by then.
    /// </summary>
    private static IEnumerable<(int Id, string Folder, string[] Fields)> Processes() =>
        Read("stat").Select(p => (p.Id, p.Folder, Fields(p.Text)));

    /// <summary>
    /// One file of every process now (<c>/proc/<i>id</i>/<paramref name="file"/>), or of every thread of this one with
    /// <paramref name="root"/> <c>/proc/self/task</c>; one that ends before it is read is left out.
    /// </summary>
    private static IEnumerable<(int Id, string Folder, string Text)> Read(string file, string root = "/proc")
    {
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (!int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var id)) continue;
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(folder, file));
            }
            catch (IOException)
            {
                continue;
            }

            yield return (id, folder, text);
        }
    }

    /// <summary>The processor seconds one process has used so far, its own threads only.</summary>
    public static double OfProcess(int id)
    {
        var fields = Fields(File.ReadAllText($"/proc/{id}/stat"));
        return Seconds(fields[12]) + Seconds(fields[13]);
    }

    public static ProcessorTime operator -(ProcessorTime a, ProcessorTime b) =>
        new(a.Server - b.Server, a.Database - b.Database, a.Smtp - b.Smtp, a.Robots - b.Robots);

    public ProcessorTime Per(double trips) => new(Server / trips, Database / trips, Smtp / trips, Robots / trips);

    /// <summary>The name (without its parentheses), then the fields after it: state [1], parent [2], … user and system time [12] and [13], ended children's [14] and [15].</summary>
    private static string[] Fields(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        return [stat[(open + 1)..close], .. stat[(close + 2)..].Split(' ')];
    }

    private static double Seconds(string ticks) => double.Parse(ticks, CultureInfo.InvariantCulture) / TicksPerSecond;
}

/// <summary>PostgreSQL's processor seconds by part (<see cref="ProcessorTime.PartsOf"/>).</summary>
internal readonly record struct DatabaseParts(double Sessions, double Autovacuum, double Background, double Ended)
{
    public static DatabaseParts operator -(DatabaseParts a, DatabaseParts b) =>
        new(a.Sessions - b.Sessions, a.Autovacuum - b.Autovacuum, a.Background - b.Background, a.Ended - b.Ended);

    public DatabaseParts Per(double trips) => new(Sessions / trips, Autovacuum / trips, Background / trips, Ended / trips);
}
