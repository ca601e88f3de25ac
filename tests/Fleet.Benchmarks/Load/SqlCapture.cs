using Marten;
using Marten.Services;
using Npgsql;

namespace Fleet.Benchmarks.Load;

/// <summary>One statement as Marten sent it: the text and a copy of its parameters.</summary>
internal sealed record CapturedStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>What Marten sent to PostgreSQL in one round trip: a command, or a batch of them.</summary>
internal sealed record CapturedRoundTrip(IReadOnlyList<CapturedStatement> Statements);

/// <summary>
/// Records the SQL that Marten sends for the requests marked with <see cref="Record"/>, through Marten's own logger:
/// the exact statements one Fleet command costs the database, with their parameters, to replay without Fleet.
/// Everything else the server runs meanwhile (the async daemon, the audit chain, Wolverine's agents) is left out.
/// </summary>
internal sealed class SqlCapture : IMartenLogger, IMartenSessionLogger
{
    private static readonly AsyncLocal<List<CapturedRoundTrip>?> Recording = new();

    /// <summary>From here to the end of the calling request's flow, statements go into <paramref name="into"/>.</summary>
    public static void Record(List<CapturedRoundTrip> into) => Recording.Value = into;

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql)
    {
    }

    public void LogSuccess(NpgsqlCommand command) => Add([Copy(command.CommandText, command.Parameters)]);

    public void LogSuccess(NpgsqlBatch batch) => Add(batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => Copy(c.CommandText, c.Parameters)).ToList());

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
    }

    public void LogFailure(Exception ex, string message)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private static void Add(IReadOnlyList<CapturedStatement> statements)
    {
        if (Recording.Value is not { } into) return;
        lock (into) into.Add(new CapturedRoundTrip(statements));
    }

    private static CapturedStatement Copy(string sql, NpgsqlParameterCollection parameters) => new(sql, parameters.Select(Copy).ToList());

    /// <summary>
    /// A parameter whose value outlives the command: Marten hands some values over in pooled lists and buffers that
    /// are reused once the command has run.
    /// </summary>
    private static NpgsqlParameter Copy(NpgsqlParameter parameter)
    {
        var copy = parameter.Clone();
        copy.Value = parameter.Value switch
        {
            Array array => array.Clone(),
            string or null => parameter.Value,
            System.Collections.IEnumerable list when ElementType(list) is { } type => ToArray(list, type),
            _ => parameter.Value,
        };
        return copy;
    }

    private static Type? ElementType(object list) =>
        list.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Array ToArray(System.Collections.IEnumerable list, Type type)
    {
        var items = list.Cast<object>().ToList();
        var array = Array.CreateInstance(type, items.Count);
        for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
        return array;
    }
}
