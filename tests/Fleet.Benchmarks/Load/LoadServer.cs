using Fleet.Server.Hosting;
using Fleet.Testing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Fleet as Program.cs assembles it, in Production, on a real loopback socket, with the demo accounts and Marten's
/// statements observable by <see cref="SqlCapture"/> for requests that carry <see cref="CaptureHeader"/>.
/// </summary>
internal sealed class LoadServer : IAsyncDisposable
{
    public const string CaptureHeader = "X-Fleet-Capture";

    private readonly WebApplication _app;

    private LoadServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="settings">Settings over the load's own, to compare configurations (notifications on or off).</param>
    public static async Task<LoadServer> StartAsync(string connectionString, SqlCapture capture, Func<string, List<CapturedRoundTrip>> captureFor,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = TestPorts.Free();
        var load = new Dictionary<string, string?>
        {
            ["Fleet:Projections:DaemonMode"] = "Solo",
            ["Fleet:Demo:Enabled"] = "true",
            ["Fleet:Demo:Size"] = "accounts",
            ["Fleet:Authentication:SignInsPerMinute"] = "100000",
            ["Fleet:RateLimits:BookingsPerMinute"] = "100000",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>()) load[name] = value;
        var builder = BenchmarkHost.Create(connectionString, port, load);
        builder.Services.ConfigureMarten(options => options.Logger(capture));

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            if (http.Request.Headers.TryGetValue(CaptureHeader, out var key)) SqlCapture.Record(captureFor(key.ToString()));
            await next(http);
        });
        app.UseFleet();
        await app.StartAsync();
        return new LoadServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
