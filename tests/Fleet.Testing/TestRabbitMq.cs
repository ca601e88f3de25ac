using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Testing;

/// <summary>
/// A throw-away RabbitMQ broker on loopback, run from Debian's <c>rabbitmq-server</c> with a folder and ports of its
/// own, which a test can stop and start again to play an outage. Messages and queues survive a stop, as on a real
/// broker. <c>test.sh</c> installs the package when it is missing.
/// </summary>
public sealed class TestRabbitMq : IAsyncDisposable
{
    public const string ServerProgram = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private static int _instances;

    private readonly string _folder;
    private readonly int _port = TestPorts.Free(), _distributionPort = TestPorts.Free(), _portMapperPort = TestPorts.Free();
    private readonly string _nodeName;
    private Process? _server;

    public TestRabbitMq()
    {
        var instance = Interlocked.Increment(ref _instances);
        _nodeName = $"fleet{Environment.ProcessId}x{instance}@localhost";
        _folder = Path.Combine(Path.GetTempPath(), "fleet-tests", $"rabbitmq-{Environment.ProcessId}-{instance}");
    }

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{_port}/");

    public async Task StartAsync()
    {
        if (!File.Exists(ServerProgram))
            throw new InvalidOperationException($"RabbitMQ is not installed ({ServerProgram} is missing): apt-get install rabbitmq-server.");

        Directory.CreateDirectory(_folder);
        var plugins = Path.Combine(_folder, "enabled_plugins");
        if (!File.Exists(plugins)) await File.WriteAllTextAsync(plugins, "[].");

        var start = new ProcessStartInfo(ServerProgram)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        // Erlang keeps its cookie in HOME; everything else of the node stays in its own folder too.
        start.Environment["HOME"] = _folder;
        start.Environment["RABBITMQ_NODENAME"] = _nodeName;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = _port.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString();
        start.Environment["ERL_EPMD_PORT"] = _portMapperPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins;
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "pid");

        _server = Process.Start(start)!;
        // Drained so that a chatty broker never blocks on a full pipe.
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = await new ConnectionFactory { Uri = Uri }.CreateConnectionAsync();
                return;
            }
            catch (BrokerUnreachableException) when (deadline.Elapsed < TimeSpan.FromSeconds(90) && !_server.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Stops the broker as its service would (SIGTERM: queues and persistent messages are kept).</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        if (!_server.HasExited) await Process.Start("kill", ["-TERM", _server.Id.ToString()]).WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _server.Kill(entireProcessTree: true);
        }

        _server.Dispose();
        _server = null;
    }

    /// <summary>
    /// Kills the broker as a power cut would (SIGKILL): only what it had written to disk survives, which for a
    /// persistent message is what it confirmed.
    /// </summary>
    public async Task KillAsync()
    {
        if (_server is null) return;
        if (!_server.HasExited) _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    public async Task<IConnection> ConnectAsync() => await new ConnectionFactory { Uri = Uri }.CreateConnectionAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // The Erlang port mapper outlives the node it served; it was started for this broker alone.
        using (var portMapper = Process.Start(new ProcessStartInfo("epmd", $"-port {_portMapperPort} -kill")
               {
                   RedirectStandardOutput = true,
                   RedirectStandardError = true,
               }))
        {
            portMapper?.WaitForExit(10_000);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless.
        }
    }
}
