using System.Globalization;
using System.Runtime.InteropServices;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Puts a whole process at the lowest priority (nice 19). On Linux a priority belongs to a thread: lowering a process by
/// its id lowers only its first thread, and the threads it started before keep theirs. The SMTP server's asyncio loop and
/// the robot receiver's Kestrel run on such threads, so each thread is lowered on its own; a thread started later takes
/// the priority of the one that starts it, which by then is the lowest too.
/// </summary>
internal static class LowestPriority
{
    public const int Nice = 19;

    public static void Apply(int processId)
    {
        // A thread may be started while the others are lowered: look again until every one is.
        for (var pass = 0; pass < 10; pass++)
        {
            var raised = Threads(processId).Where(t => t.Nice < Nice).ToList();
            if (raised.Count == 0) return;
            foreach (var (thread, _) in raised)
                if (SetPriority(Who.Process, thread, Nice) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
                    throw new InvalidOperationException($"Could not lower thread {thread} of process {processId}: errno {Marshal.GetLastPInvokeError()}.");
        }

        throw new InvalidOperationException($"Process {processId} keeps starting threads at a higher priority than {Nice}.");
    }

    /// <summary>How many of the process's threads run at the lowest priority, of how many.</summary>
    public static (int Lowest, int All) Count(int processId)
    {
        var threads = Threads(processId).ToList();
        return (threads.Count(t => t.Nice >= Nice), threads.Count);
    }

    private static IEnumerable<(int Thread, int Nice)> Threads(int processId)
    {
        foreach (var folder in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // The fields after the command's name, which is in parentheses and may hold spaces: the 19th field is the nice value.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return (int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture), int.Parse(fields[16], CultureInfo.InvariantCulture));
        }
    }

    private const int NoSuchProcess = 3;

    private enum Who
    {
        Process = 0,
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(Who which, int who, int priority);
}
