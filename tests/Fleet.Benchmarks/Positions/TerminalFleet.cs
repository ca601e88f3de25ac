using System.Net;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Terminal;
using Fleet.Testing;
using Npgsql;
using NodaTime;

namespace Fleet.Benchmarks.Positions;

/// <summary>
/// Terminals on real sockets to the gateway, each bound to a car and authenticated, and the fixes they send: the k-th fix
/// of terminal i is the same every time it is asked for, so the floor can copy exactly the rows the terminals sent.
/// </summary>
internal sealed class TerminalFleet(IReadOnlyList<Jt808TerminalClient> clients) : IAsyncDisposable
{
    public const string Code = "BENCHMARKCODE";

    public IReadOnlyList<Jt808TerminalClient> Clients { get; } = clients;

    /// <summary>The number of the i-th terminal of a series, twelve digits as the 2013 edition sends it.</summary>
    public static string Number(char series, int i) => $"0{(series == 'H' ? 139 : 138)}{i:D8}";

    /// <summary>
    /// The authentication code of each terminal written as a registration would have written it: registering thousands
    /// of terminals one by one measures the directory, not the positions.
    /// </summary>
    public static async Task IssueCodesAsync(FleetApp app, IReadOnlyList<string> numbers)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand($"""
            insert into {app.Store.Options.DatabaseSchemaName}.fleet_terminal_codes (terminal, code, issued_at)
            select unnest($1::text[]), $2, now() on conflict (terminal) do nothing
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = numbers.ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = Code });
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Connects and authenticates the terminals, <paramref name="parallel"/> at a time.</summary>
    public static async Task<TerminalFleet> ConnectAsync(IPEndPoint gateway, IReadOnlyList<string> numbers, int parallel = 32)
    {
        var clients = new Jt808TerminalClient[numbers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, numbers.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, cancellation) =>
        {
            var client = await Jt808TerminalClient.ConnectAsync(gateway, numbers[i], Jt808Version.V2013, cancellation);
            var result = await client.AuthenticateAsync(Code, cancellation);
            if (result != ReplyResult.Ok) throw new InvalidOperationException($"Terminal {numbers[i]} was not let in: {result}.");
            clients[i] = client;
        });
        return new TerminalFleet(clients);
    }

    /// <summary>The k-th fix of terminal <paramref name="terminal"/>: one a second from <paramref name="start"/>, a drive around Hankou.</summary>
    public static Jt808Position Fix(Instant start, int terminal, int k) =>
        new(start + Duration.FromSeconds(k), 30_550_000 + terminal * 37 % 90_000 + k % 600 * 20, 114_250_000 + terminal * 53 % 120_000 + k % 900 * 15,
            23, (ushort)(k * 7 % 900), (ushort)(k % 360), Status: Jt808Position.PositionedBit | Jt808Position.IgnitionBit,
            MileageTenthsKm: (uint)(100_000 + k / 3));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients) await client.DisposeAsync();
    }
}
