using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Fleet.Testing;

/// <summary>
/// A throw-away SMTP server on loopback: Debian's aiosmtpd (<c>python3-aiosmtpd</c>, which <c>test.sh</c> installs
/// when it is missing) run by <c>TestSmtpServer.py</c>, keeping what it takes in a Maildir of its own. Recipients
/// choose how they are answered: <c>reject-…@</c> is refused for good (550), <c>later-…@</c> for now (451),
/// <c>silent-…@</c> gets no answer at all; everybody else receives the message. Started with a sign-in, the server
/// takes mail only after it (AUTH PLAIN or LOGIN without TLS, as loopback allows).
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    /// <summary>Debian's Python, which has Debian's aiosmtpd; a <c>python3</c> earlier on the PATH may not.</summary>
    public const string Python = "/usr/bin/python3";

    private static int _instances;

    private readonly string _folder;
    private Process? _server;

    private readonly (string Login, string Password)? _signIn;

    private TestSmtpServer(string folder, int port, (string Login, string Password)? signIn)
    {
        _folder = folder;
        Port = port;
        _signIn = signIn;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    private string Maildir => Path.Combine(_folder, "Maildir");

    /// <summary>Starts the server and returns once it accepts connections; with <paramref name="signIn"/> it wants that sign-in first.</summary>
    public static async Task<TestSmtpServer> StartAsync((string Login, string Password)? signIn = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fleet-tests", $"smtp-{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}");
        Directory.CreateDirectory(folder);
        var server = new TestSmtpServer(folder, TestPorts.Free(), signIn);
        await server.RunAsync();
        return server;
    }

    private async Task RunAsync()
    {
        if (!File.Exists(Python) || !await HasAiosmtpdAsync())
            throw new InvalidOperationException($"aiosmtpd is not installed for {Python}: apt-get install python3-aiosmtpd.");

        var script = Path.Combine(_folder, "TestSmtpServer.py");
        await using (var resource = typeof(TestSmtpServer).Assembly.GetManifestResourceStream("Fleet.Testing.TestSmtpServer.py")!)
        await using (var file = File.Create(script))
        {
            await resource.CopyToAsync(file);
        }

        var start = new ProcessStartInfo(Python, [script, Host, Port.ToString(), Maildir])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        if (_signIn is { } signIn)
        {
            start.Environment["FLEET_SMTP_LOGIN"] = signIn.Login;
            start.Environment["FLEET_SMTP_PASSWORD"] = signIn.Password;
        }
        _server = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        _server.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        _server.BeginErrorReadLine();

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _server.StandardOutput.ReadLineAsync(patience.Token);
        if (line != "ready")
        {
            await DisposeAsync();
            lock (errors) throw new InvalidOperationException($"The test SMTP server did not start: {errors}");
        }

        using var probe = new TcpClient();
        await probe.ConnectAsync(Host, Port, patience.Token);
    }

    private static async Task<bool> HasAiosmtpdAsync()
    {
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await check.WaitForExitAsync();
        return check.ExitCode == 0;
    }

    /// <summary>Every message received so far, in the order of arrival, each with its envelope's recipients.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        var arrived = Path.Combine(Maildir, "new");
        if (!Directory.Exists(arrived)) return [];
        return Directory.EnumerateFiles(arrived)
            .Select(path => new FileInfo(path))
            .OrderBy(file => file.LastWriteTimeUtc).ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file =>
            {
                using var stream = file.OpenRead();
                var message = MimeMessage.Load(stream);
                var envelope = message.Headers["X-Envelope-To"] ?? "";
                return new ReceivedMail(envelope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), message,
                    message.Headers["X-Session"] ?? "");
            })
            .ToList();
    }

    /// <summary>How many messages were received so far, without reading them: for counting thousands.</summary>
    public int ReceivedCount()
    {
        var arrived = Path.Combine(Maildir, "new");
        return Directory.Exists(arrived) ? Directory.EnumerateFiles(arrived).Count() : 0;
    }

    /// <summary>The messages that reached <paramref name="recipient"/>'s envelope.</summary>
    public IReadOnlyList<ReceivedMail> ReceivedBy(string recipient) =>
        Received().Where(mail => mail.EnvelopeTo.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            if (!server.HasExited)
            {
                // Closing its input is the server's signal to stop; it is killed only when it does not.
                server.StandardInput.Close();
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await server.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    server.Kill(entireProcessTree: true);
                    await server.WaitForExitAsync();
                }
            }

            server.Dispose();
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

/// <summary>One message as the test SMTP server stored it, with the recipients of its envelope.</summary>
/// <param name="Session">The SMTP connection it came over (the client's address and port): mails sent in one session share it.</param>
public sealed record ReceivedMail(IReadOnlyList<string> EnvelopeTo, MimeMessage Message, string Session);
