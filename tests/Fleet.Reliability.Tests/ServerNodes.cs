using Fleet.Testing;

namespace Fleet.Reliability.Tests;

/// <summary>
/// The server processes of a run, by number: started and waited for, killed outright, asked in turn as a load balancer
/// asks them, and what each logged kept for a failure's message.
/// </summary>
public sealed class ServerNodes(int count) : IFleetNodes, IAsyncDisposable
{
    private readonly ServerProcess?[] _nodes = new ServerProcess?[count];
    private readonly object _lock = new();
    private int _next;

    public int Count => _nodes.Length;

    /// <summary>Server processes killed with SIGKILL so far.</summary>
    public int Kills { get; private set; }

    /// <summary>What every node logged, for a failure's message.</summary>
    public List<string> Logs { get; } = [];

    public bool IsUp(int node) => _nodes[node] is { HasExited: false };

    /// <summary>The nodes' addresses in turn, so that clients spread over them; a dead node's address refuses the connection.</summary>
    public Uri NextAddress()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _nodes.Length; tried++)
            {
                var node = _nodes[_next++ % _nodes.Length];
                if (node is { HasExited: false }) return node.BaseAddress;
            }

            return _nodes[0]?.BaseAddress ?? new Uri("http://127.0.0.1:9");
        }
    }

    /// <summary>The nodes up at this moment, by number.</summary>
    public IReadOnlyList<(int Node, Uri Address)> LiveNodes()
    {
        lock (_lock)
            return _nodes.Select((process, node) => (process, node)).Where(n => n.process is { HasExited: false })
                .Select(n => (n.node, n.process!.BaseAddress)).ToList();
    }

    /// <summary>Waits until <paramref name="process"/> is ready and makes it node <paramref name="node"/>; one that never gets ready leaves its log.</summary>
    public async Task StartAsync(int node, ServerProcess process)
    {
        try
        {
            await process.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            Keep(node, process);
            await process.DisposeAsync();
            throw;
        }

        lock (_lock) _nodes[node] = process;
    }

    /// <summary>SIGKILL: no shutdown, no flush, connections dropped mid-transaction.</summary>
    public async Task KillAsync(int node)
    {
        ServerProcess? process;
        lock (_lock)
        {
            process = _nodes[node];
            _nodes[node] = null;
        }

        if (process is null) return;
        await process.KillAsync();
        Kills++;
        Keep(node, process);
        await process.DisposeAsync();
    }

    /// <summary>Waits until every node answers that it is ready (it reaches the database again).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        foreach (var node in _nodes)
            if (node is not null)
                await node.WaitUntilReadyAsync(timeout);
    }

    public string LogTail(int lines = 60) =>
        string.Join(Environment.NewLine, Logs.Concat(_nodes.Where(n => n is not null).Select(n => n!.Output)).SelectMany(l => l.Split('\n')).TakeLast(lines));

    public void Keep(string output)
    {
        lock (Logs) Logs.Add(output);
    }

    private void Keep(int node, ServerProcess process) => Keep($"--- node {node + 1}, pid {process.ProcessId}:{Environment.NewLine}{process.Output}");

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            if (node is not null)
                await node.DisposeAsync();
    }
}
