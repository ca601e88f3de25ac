using System.Diagnostics;
using System.Globalization;
using Fleet.Testing;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The group robots' far end in a process of its own: the receiver the tests use (<see cref="TestHttpReceiver"/>, answering
/// every post as 企业微信 does when it takes one), so that its processor time is its own and, at a low priority, it stands
/// for the machine a robot really lives on, taking only what the server and the database leave. The benchmark asks it
/// over its standard input how many posts and notices it has received.
/// </summary>
internal sealed class RobotReceiverProcess : IAsyncDisposable
{
    public const string Mode = "robot-receiver";
    public const string Path = "/wecom";

    private readonly Process _process;
    private readonly SemaphoreSlim _asking = new(1, 1);

    private RobotReceiverProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public Uri Url(string pathAndQuery) => new(Address, pathAndQuery);

    public static async Task<RobotReceiverProcess> StartAsync(bool lowPriority)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Run through `dotnet` the benchmark's own assembly is named first; through its apphost it is the program itself.
        if (System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(RobotReceiverProcess).Assembly.Location);
        start.ArgumentList.Add(Mode);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The robot receiver did not start.");
        var first = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The robot receiver ended before it listened.");
        if (lowPriority) LowestPriority.Apply(process.Id);
        return new RobotReceiverProcess(process, new Uri(first));
    }

    /// <summary>The posts received so far, and the notices inside them.</summary>
    public async Task<(long Posts, long Notices)> CountAsync()
    {
        await _asking.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync("count");
            await _process.StandardInput.FlushAsync();
            var answer = (await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The robot receiver ended.")).Split(' ');
            return (long.Parse(answer[0], CultureInfo.InvariantCulture), long.Parse(answer[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            _asking.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>The receiver's side: listens, prints its address, then answers each <c>count</c> on standard input until it closes.</summary>
    public static async Task ServeAsync()
    {
        await using var receiver = await TestHttpReceiver.StartAsync();
        receiver.Answer(Path, Reply.Robot(0));
        Console.WriteLine(receiver.Address.AbsoluteUri);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line != "count") continue;
            var posts = receiver.RequestsTo(Path);
            Console.WriteLine($"{posts.Count} {posts.Sum(NoticesIn)}");
        }
    }

    /// <summary>The notices a robot post carries: each begins with its subject in bold, and nothing else in them is bold.</summary>
    private static int NoticesIn(ReceivedRequest post)
    {
        var content = post.Json.GetProperty("markdown").GetProperty("content").GetString() ?? "";
        var marks = 0;
        for (var at = content.IndexOf("**", StringComparison.Ordinal); at >= 0; at = content.IndexOf("**", at + 2, StringComparison.Ordinal)) marks++;
        return marks / 2;
    }
}
