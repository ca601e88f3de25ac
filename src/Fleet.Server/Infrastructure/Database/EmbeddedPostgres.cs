using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// A private PostgreSQL cluster run from the machine's own binaries, so that Fleet starts with one command
/// and no database administration. The cluster lives in a data folder that survives restarts; it listens on
/// a free loopback port only and requires a password that is generated once and kept beside the data.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable, IDisposable
{
    public const string SuperUser = "fleet";

    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly PostgresBinaries _binaries;
    private readonly string? _osUser;
    private bool _owned;
    private int _stopped;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, PostgresBinaries binaries, string? osUser, ILogger logger)
    {
        _options = options;
        _binaries = binaries;
        _osUser = osUser;
        _logger = logger;
    }

    public int Port { get; private set; }
    public string DataDirectory => _options.DataDirectory;
    private string PasswordFile => _options.DataDirectory + ".password";
    private string OwnerFile => _options.DataDirectory + ".owner";
    private string LogFile => Path.Combine(_options.DataDirectory, "postgres.log");

    /// <summary>A connection string for the cluster's maintenance database (<c>postgres</c>).</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = File.ReadAllText(PasswordFile).Trim(),
        Database = database,
        // Marten, Wolverine's durability agent and the projection daemon each hold connections.
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>
    /// Starts the cluster in <see cref="EmbeddedPostgresOptions.DataDirectory"/>, creating it on first use,
    /// or attaches to it when another Fleet process already runs it.
    /// </summary>
    /// <exception cref="PostgresNotInstalledException">No PostgreSQL server binaries were found.</exception>
    public static EmbeddedPostgres Start(EmbeddedPostgresOptions options, ILogger logger)
    {
        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var osUser = Environment.IsPrivilegedProcess ? options.OsUserWhenRoot : null;
        if (osUser is not null && !CanReach(osUser, options.DataDirectory))
        {
            // A checkout under /root is closed to the PostgreSQL user; keep the cluster where it can live instead.
            var fallback = Path.Combine("/var/tmp/fleet", Convert.ToHexString(SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(options.DataDirectory)))[..16], "postgres");
            logger.LogWarning("{User} cannot reach {DataDirectory}; keeping the database in {Fallback} instead",
                osUser, options.DataDirectory, fallback);
            options = new EmbeddedPostgresOptions
            {
                DataDirectory = fallback,
                BinDirectory = options.BinDirectory,
                OsUserWhenRoot = options.OsUserWhenRoot,
                Durable = options.Durable,
                ServerSettings = options.ServerSettings,
            };
        }

        var server = new EmbeddedPostgres(options, binaries, osUser, logger);
        server.StartOrAttach();
        return server;
    }

    /// <summary>Whether <paramref name="osUser"/> can enter every folder above <paramref name="dataDirectory"/>.</summary>
    private static bool CanReach(string osUser, string dataDirectory)
    {
        var existing = Path.GetDirectoryName(Path.GetFullPath(dataDirectory));
        while (existing is not null && !Directory.Exists(existing)) existing = Path.GetDirectoryName(existing);
        if (existing is null) return false;

        var startInfo = new ProcessStartInfo(PostgresBinaries.RunUser) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", osUser, "--", "test", "-x", existing }) startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo);
        if (process is null) return false;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private void StartOrAttach()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DataDirectory))!);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) InitializeCluster();

        if (TryReadRunningPort() is { } runningPort)
        {
            Port = runningPort;
            if (OwnerIsAlive())
            {
                _logger.LogInformation("Using the PostgreSQL server already running on port {Port} for {DataDirectory}", Port, DataDirectory);
                return;
            }

            // The process that started it is gone (killed outright): adopt the cluster so that it stops with us.
            _logger.LogInformation("Adopting the PostgreSQL server left running on port {Port} for {DataDirectory}", Port, DataDirectory);
            TakeOwnership();
            return;
        }

        Port = FreeLoopbackPort();
        StartServer();
        TakeOwnership();
        _logger.LogInformation("Started embedded PostgreSQL {Version} on 127.0.0.1:{Port} with data in {DataDirectory}",
            _binaries.Version, Port, DataDirectory);
    }

    private void StartServer()
    {
        var settings = string.Join(' ', _options.ServerSettings.Select(s => $"-c {s.Key}={s.Value}"));
        RunTool("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {Port} {settings}", "start"],
            "start the embedded PostgreSQL server");
    }

    /// <summary>
    /// Stops the server and keeps it down until <see cref="StartAgain"/>. <see cref="PostgresShutdown.Immediate"/> is what a
    /// power cut or an out-of-memory kill does: no checkpoint, every connection dropped at once, and recovery from the
    /// write-ahead log on the next start.
    /// </summary>
    public void Shutdown(PostgresShutdown mode) => StopServer(mode, throwOnFailure: true);

    private void StopServer(PostgresShutdown mode, bool throwOnFailure) =>
        RunTool("pg_ctl", ["-D", DataDirectory, "-m", mode == PostgresShutdown.Immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"],
            "stop the embedded PostgreSQL server", throwOnFailure);

    /// <summary>Starts the server after <see cref="Shutdown"/> on the same port, so that connection strings handed out stay valid.</summary>
    public void StartAgain() => StartServer();

    private void InitializeCluster()
    {
        _logger.LogInformation("Creating a new PostgreSQL cluster in {DataDirectory}", DataDirectory);
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            throw new InvalidOperationException(
                $"The database folder {DataDirectory} is not empty but holds no PostgreSQL cluster; move it away or set Fleet:Database:DataDirectory.");

        Directory.CreateDirectory(DataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(PasswordFile, password);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // initdb reads the password from a file so that it never appears in a process listing.
        var initPasswordFile = Path.Combine(DataDirectory, "..", $".initdb-{Guid.NewGuid():N}");
        File.WriteAllText(initPasswordFile, password);
        try
        {
            GiveToOsUser(DataDirectory);
            GiveToOsUser(initPasswordFile);
            RunTool("initdb", ["-D", DataDirectory, "-U", SuperUser, "--pwfile", Path.GetFullPath(initPasswordFile),
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-instructions",
                .. _options.Durable ? Array.Empty<string>() : ["--no-sync"]], "create the PostgreSQL cluster");
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        // Only loopback TCP: no unix socket, so no shared socket folder and no permission surprises.
        File.AppendAllLines(Path.Combine(DataDirectory, "postgresql.conf"),
        [
            "",
            "# Fleet embedded server",
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "max_connections = 300",
            "timezone = 'UTC'",
        ]);
    }

    private int? TryReadRunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        if (RunTool("pg_ctl", ["-D", DataDirectory, "status"], "check the PostgreSQL server", throwOnFailure: false) != 0)
            return null;

        // Line 4 of postmaster.pid is the port the running postmaster listens on.
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private void TakeOwnership()
    {
        File.WriteAllText(OwnerFile, Environment.ProcessId.ToString());
        _owned = true;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Whether the process that runs this cluster on Fleet's behalf is still alive.</summary>
    private bool OwnerIsAlive() =>
        File.Exists(OwnerFile)
        && int.TryParse(File.ReadAllText(OwnerFile).Trim(), out var pid)
        && pid != Environment.ProcessId
        && Directory.Exists($"/proc/{pid}");

    public void Stop()
    {
        if (!_owned || Interlocked.Exchange(ref _stopped, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        File.Delete(OwnerFile);
        StopServer(PostgresShutdown.Fast, throwOnFailure: false);
        _logger.LogInformation("Stopped embedded PostgreSQL on port {Port}", Port);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    public void Dispose() => Stop();

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void GiveToOsUser(string path)
    {
        if (_osUser is null) return;
        RunProcess("chown", ["-R", _osUser, path], "hand the database folder to the PostgreSQL user");
    }

    private int RunTool(string tool, IReadOnlyList<string> arguments, string purpose, bool throwOnFailure = true)
    {
        var executable = _binaries.Path(tool);
        // PostgreSQL refuses to run as root, so a root process runs its tools as an unprivileged user.
        return _osUser is null
            ? RunProcess(executable, arguments, purpose, throwOnFailure)
            : RunProcess(PostgresBinaries.RunUser, ["-u", _osUser, "--", executable, .. arguments], purpose, throwOnFailure);
    }

    private int RunProcess(string fileName, IReadOnlyList<string> arguments, string purpose, bool throwOnFailure = true)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)
                            ?? throw new InvalidOperationException($"Could not {purpose}: {fileName} did not start.");
        // pg_ctl leaves the server holding its inherited output handles; read to end only on failure.
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Could not {purpose}: {Path.GetFileName(fileName)} did not finish within two minutes.");
        }

        if (process.ExitCode != 0 && throwOnFailure)
        {
            var detail = (stderr.Wait(TimeSpan.FromSeconds(2)) ? stderr.Result : "") +
                         (stdout.Wait(TimeSpan.FromSeconds(2)) ? stdout.Result : "");
            var log = File.Exists(LogFile) ? TailOf(LogFile) : "";
            throw new InvalidOperationException(
                $"Could not {purpose}: {Path.GetFileName(fileName)} exited with {process.ExitCode}. {detail.Trim()} {log}".Trim());
        }

        return process.ExitCode;
    }

    private static string TailOf(string file)
    {
        try
        {
            return "Server log: " + string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(10));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class EmbeddedPostgresOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>A folder holding initdb and pg_ctl; found automatically when empty.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The unprivileged account that owns and runs the cluster when Fleet is started as root.</summary>
    public string OsUserWhenRoot { get; init; } = "postgres";

    /// <summary>False for throw-away test clusters: skips fsync for speed, at the price of crash safety.</summary>
    public bool Durable { get; init; } = true;

    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();
}

public enum PostgresShutdown
{
    /// <summary>Connections are closed and a checkpoint written first.</summary>
    Fast,

    /// <summary>Every process exits at once; the next start recovers from the write-ahead log.</summary>
    Immediate,
}

public sealed class PostgresNotInstalledException(string message) : Exception(message);
