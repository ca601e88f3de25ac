using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fleet.Testing;

/// <summary>The real server executable, started as its own process the way a person runs it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The operating system's id of the server, for reading its memory and CPU from /proc.</summary>
    public int ProcessId => _process.Id;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// The environment of a server that many simulated people drive at once: the demo accounts to sign in with, no rate
    /// limits in their way, warnings only in the log. Callers add or override what their run needs.
    /// </summary>
    public static Dictionary<string, string> UnderLoad(string connectionString, string daemonMode, string signingKeyFile) => new()
    {
        ["ConnectionStrings__Fleet"] = connectionString,
        ["Fleet__Projections__DaemonMode"] = daemonMode,
        ["Fleet__Demo__Enabled"] = "true",
        ["Fleet__Demo__Size"] = "accounts",
        ["Fleet__Authentication__SignInsPerMinute"] = "100000",
        ["Fleet__RateLimits__BookingsPerMinute"] = "100000",
        ["Fleet__Audit__SigningKeyFile"] = signingKeyFile,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public static ServerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(null, environment, arguments);

    /// <param name="executable">A published demo host (the file <c>dotnet publish samples/Fleet.Samples.DemoHost</c> writes, run as it is deployed); its build
    /// beside the caller when left out.</param>
    public static ServerProcess Start(string? executable, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var port = TestPorts.Free();
        var startInfo = new ProcessStartInfo(executable ?? "dotnet")
        {
            WorkingDirectory = executable is null ? AppContext.BaseDirectory : Path.GetDirectoryName(Path.GetFullPath(executable))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null) startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Samples.DemoHost.dll"));
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment.Remove("ConnectionStrings__Fleet");
        foreach (var (key, value) in environment) startInfo.Environment[key] = value;

        return new ServerProcess(Process.Start(startInfo)!, port);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await Http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Signs in through the API and sends the bearer token with every later request.</summary>
    public async Task SignInAsync(string loginName, string password)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, "/api/auth/token"), new { loginName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// Asks the server to shut down as Ctrl+C does. SIGTERM takes the same graceful path through the host's
    /// lifetime, and unlike SIGINT it is never ignored by processes started in the background.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
    }

    /// <summary>SIGKILL: the server gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
