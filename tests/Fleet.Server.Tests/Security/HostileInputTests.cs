using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Domain.People;
using Alba;
using Fleet.Server.Tests.Samples;
using FluentAssertions;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// Malformed requests generated for every endpoint, each sent by a role allowed to use it and naming its own pool's
/// records: bodies that are not JSON, not UTF-8, too deep, too large or of the wrong type; each field of the
/// endpoint's sample body missing, null, of the wrong type, huge, full of control characters, script or SQL, dates
/// and numbers out of range; fields nobody may set; each route id replaced the same way; and each query parameter the
/// endpoint declares in the OpenAPI document, GET or POST, given those values and every numeric and calendar boundary.
/// Whatever the answer, it is never a server error, a refusal is a problem answer with a code and writes nothing to the
/// event store, and no answer shows a stack trace or SQL.
/// </summary>
public class HostileInputTests(AuthorizationWorld world, ITestOutputHelper output) : IClassFixture<AuthorizationWorld>
{
    private const string Json = "application/json";

    // Characters go on the wire as they are, not escaped: the server must cope with the bytes themselves.
    private static readonly JsonSerializerOptions Raw = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Text a clerk could paste by mistake or an attacker on purpose.</summary>
    private static readonly string[] Strings =
    [
        "", " ", "\t\n", new('a', 10_000), new('长', 60_000), "<script>alert('x')</script>", "\"><img src=x onerror=alert(1)>",
        "' OR '1'='1", "'; DROP TABLE users; --", "1); select pg_sleep(10); --", "\u0000", "\u0001\u0002\u001b[31m", "a\u0000b",
        "\r\nX-Injected: 1", "\u202Eevil", "💥🚗\U0001F600", "../../../etc/passwd", "%00%0d%0a", "${jndi:ldap://x/a}", "{{7*7}}", "NaN",
        "-Infinity", "00000000-0000-0000-0000-000000000000", "not-a-guid", "2026-13-45", "鄂A·\u200B12345",
    ];

    /// <summary>JSON tokens of the wrong type or out of every range, written as they go on the wire.</summary>
    private static readonly string[] Tokens =
    [
        "null", "true", "false", "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":1}}", "0", "-1", "-2147483649", "2147483648", "9223372036854775808",
        "-9223372036854775809", "1e309", "-1e309", "1.7976931348623157e308", "1e-400", "0.000000001", "123456789012345678901234567890.5",
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-02-30T09:00:00+08:00\"", "\"2026-11-28T25:61:00+08:00\"",
        "\"+275760-09-13T00:00:00Z\"", "\"2026-11-28\"", "\"9999-12-31\"", "\"0001-01-01\"", "\"2026-11\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "[" + string.Join(',', Enumerable.Repeat("\"x\"", 40_000)) + "]",
    ];

    /// <summary>
    /// The edges of every kind of number and date a query value may be read as: 32- and 64-bit integers and one past
    /// them, more digits than any integer; days, months, years and moments at the edges of NodaTime's range, of .NET's
    /// and JavaScript's, and one past; whatever the parameter, for a parameter read as text may still be read as a number
    /// or a date further in.
    /// </summary>
    private static readonly string[] Boundaries = BoundaryValues().Distinct().ToArray();

    private static IEnumerable<string> BoundaryValues()
    {
        foreach (var number in new decimal[] { 0, -1, int.MaxValue, (decimal)int.MaxValue + 1, int.MinValue, (decimal)int.MinValue - 1, long.MaxValue,
                     (decimal)long.MaxValue + 1, long.MinValue, (decimal)long.MinValue - 1, ulong.MaxValue })
            yield return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return new string('9', 40);
        yield return "-" + new string('9', 40);

        var days = new[] { LocalDate.MinIsoValue, LocalDate.MaxIsoValue, new LocalDate(0, 1, 1), new LocalDate(1, 1, 1), new LocalDate(9999, 12, 1) };
        foreach (var day in days)
        {
            yield return LocalDatePattern.Iso.Format(day);
            yield return YearMonthPattern.Iso.Format(day.ToYearMonth());
            yield return day.Year.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var moment in new[] { Instant.MinValue, Instant.MaxValue, Instant.FromDateTimeOffset(DateTimeOffset.MinValue), Instant.FromDateTimeOffset(DateTimeOffset.MaxValue) })
            yield return InstantPattern.ExtendedIso.Format(moment);
        foreach (var edge in new[] { LocalDate.MinIsoValue.AtMidnight(), LocalDate.MaxIsoValue.At(new LocalTime(23, 59, 59)) })
        foreach (var offset in new[] { Offset.FromHours(-18), Offset.Zero, Offset.FromHours(18) })
            yield return OffsetDateTimePattern.ExtendedIso.Format(edge.WithOffset(offset));
        // Past NodaTime's edges: a year more or less, and JavaScript's Date limits.
        yield return "10000";
        yield return "-9999";
        yield return "10000-01-01";
        yield return "-9999-12-31";
        yield return "+275760-09-13";
        yield return "+275760-09-13T00:00:00Z";
        yield return "-271821-04-20T00:00:00Z";
    }

    /// <summary>Fields that belong to the server: a client setting them must change nothing.</summary>
    private static readonly string[] Unasked = ["status", "pool", "tenantId", "version", "actor", "requestedBy", "id", "approvals", "__proto__"];

    private sealed record Outcome(string Endpoint, string Case, int Status, string? Code);

    [Fact]
    public async Task Malformed_requests_to_every_endpoint_are_refused_with_a_problem_and_write_nothing()
    {
        var samples = SampleBodies();
        var declared = await DeclaredQueriesAsync();
        var outcomes = new List<Outcome>();
        var wrong = new List<string>();
        await using var database = new NpgsqlConnection(world.App.ConnectionString);
        await database.OpenAsync();

        foreach (var endpoint in ApiEndpoints.All.Where(e => !e.Route.StartsWith("/api/reference/", StringComparison.Ordinal)))
        {
            Role? role = endpoint.IsPublic ? null : endpoint.Allowed.First();
            var url = world.Url(endpoint, Scope.Own);
            var sample = samples.GetValueOrDefault($"{endpoint.Method} {endpoint.Route}");
            var parameters = declared.GetValueOrDefault($"{endpoint.Method} {OpenApiPath(endpoint.Route)}", []);
            var cases = endpoint.Method == "GET" ? QueryCases(url, parameters, null) : BodyCases(url, sample).Concat(QueryCases(url, parameters, sample ?? []));
            foreach (var (name, target, contentType, body) in cases.Concat(RouteCases(endpoint, url)))
            {
                var before = await NewestEventAsync(database);
                var (status, code, text, type) = await world.SendAsync(endpoint.Method, target, role, contentType, body);
                var wrote = await NewestEventAsync(database) != before;
                outcomes.Add(new Outcome($"{endpoint.Method} {endpoint.Route}", name, status, code));

                var where = $"{endpoint.Method} {endpoint.Route} [{name}]";
                if (status >= 500) wrong.Add($"{where}: {status}");
                if (status >= 400 && (type?.StartsWith("application/problem+json", StringComparison.Ordinal) != true || code is null))
                    wrong.Add($"{where}: {status} without a problem answer and its code ({type})");
                if (status >= 400 && wrote) wrong.Add($"{where}: {status} {code}, yet the event store changed");
                if (Leaks(text) is { } sign) wrong.Add($"{where}: the answer shows internals ({sign}): {text[..Math.Min(200, text.Length)]}");
            }
        }

        foreach (var (operation, parameters) in declared.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal))
            output.WriteLine($"{operation}: {string.Join(", ", parameters)}");
        output.WriteLine($"{declared.Values.Sum(p => p.Count)} query parameters declared by {declared.Count(p => p.Value.Count > 0)} operations; " +
                         $"{outcomes.Count:N0} cases; answers: " +
                         string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count():N0}")));
        foreach (var line in wrong.Take(300)) output.WriteLine(line);
        wrong.Should().BeEmpty();
        outcomes.Count.Should().BeGreaterThanOrEqualTo(10_000, "at least ten thousand hostile requests make one run");
    }

    /// <summary>The whole body wrong, then each field of the sample body in turn, then fields the server owns.</summary>
    private static IEnumerable<(string Name, string Url, string? ContentType, byte[] Body)> BodyCases(string url, JsonObject? sample)
    {
        var valid = Encoding.UTF8.GetBytes((sample ?? []).ToJsonString(Raw));
        yield return ("empty JSON body", url, Json, []);
        foreach (var raw in new[] { "null", "[]", "42", "\"text\"", "{", "{\"a\":", "}{", "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "\ufeff{}", "{\"a\":\"\\x\"}" })
            yield return ($"body {raw}", url, Json, Encoding.UTF8.GetBytes(raw));
        yield return ("invalid UTF-8", url, Json, [.. "{\"a\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8]);
        yield return ("nested 5,000 deep", url, Json, Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)));
        yield return ("nested 40 objects deep", url, Json, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40)));
        yield return ("over the size limit", url, Json, Encoding.UTF8.GetBytes($"{{\"a\":\"{new string('x', 300 * 1024)}\"}}"));
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                     "application/json; charset=utf-16", "application/octet-stream", "text/html" })
            yield return ($"content type {type}", url, type, valid);
        yield return ("no content type", url, null, valid);
        yield return ("duplicate keys", url, Json, Encoding.UTF8.GetBytes("{\"a\":1,\"a\":2}"));

        if (sample is null) yield break;
        foreach (var field in sample.Select(p => p.Key).ToList())
        {
            yield return ($"{field} missing", url, Json, With(sample, field, null, remove: true));
            foreach (var text in Strings)
                yield return ($"{field} = \"{Label(text)}\"", url, Json, With(sample, field, JsonValue.Create(text)));
            foreach (var token in Tokens)
                yield return ($"{field} = {Label(token)}", url, Json, WithRaw(sample, field, token));
        }

        foreach (var field in Unasked)
            yield return ($"unasked {field}", url, Json, WithRaw(sample, field, "\"420103\""));
    }

    /// <summary>
    /// Each query parameter the endpoint declares (and any its URL carries) given each hostile value and each boundary in
    /// turn, the rest of the query as it was; and values no endpoint knows added. A POST sends its sample body along,
    /// so that it is the query value that is judged.
    /// </summary>
    private static IEnumerable<(string Name, string Url, string? ContentType, byte[] Body)> QueryCases(string url, IReadOnlyList<string> declared, JsonObject? postBody)
    {
        var sample = postBody;
        var (contentType, body) = sample is null ? ((string?)null, Array.Empty<byte>()) : (Json, Encoding.UTF8.GetBytes(sample.ToJsonString(Raw)));
        var (path, query) = url.Split('?') is [var p, var q] ? (p, q) : (url, "");
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')).ToList();
        var names = pairs.Select(pair => pair[0]).Concat(declared).Distinct().ToList();
        if (sample is null) yield return ("as it is", url, null, []);
        else if (names.Count == 0) yield break;

        foreach (var name in names)
        foreach (var value in Strings.Concat(Tokens.Where(t => t.Length < 100)).Concat(Boundaries).Distinct())
        {
            var replaced = pairs.Where(pair => pair[0] != name).Select(pair => $"{pair[0]}={pair[1]}").Append($"{name}={Uri.EscapeDataString(value)}");
            yield return ($"?{name}={Label(value)}", $"{path}?{string.Join('&', replaced)}", contentType, body);
        }

        yield return ("a thousand query values", $"{url}{(query.Length > 0 ? "&" : "?")}{string.Join('&', Enumerable.Range(0, 1000).Select(i => $"x{i}={i}"))}",
            contentType, body);
    }

    /// <summary>
    /// The query parameters of every operation in the server's own OpenAPI document, by method and path: what the
    /// endpoints bind, read from the server rather than listed here, so that a parameter added tomorrow is tried too.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> DeclaredQueriesAsync()
    {
        var document = await world.App.Host.GetAsJson<JsonElement>("/openapi/v1.json");
        var declared = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            declared[$"{operation.Name.ToUpperInvariant()} {OpenApiPath(path.Name)}"] = parameters
                .Where(parameter => parameter.GetProperty("in").GetString() == "query").Select(parameter => parameter.GetProperty("name").GetString()!).ToList();
        }

        // The reading is trusted only if it finds what the matrix already knows each endpoint needs.
        foreach (var endpoint in ApiEndpoints.All.Where(e => e.Query.Length > 0))
        {
            var needed = endpoint.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=')[0]);
            declared.GetValueOrDefault($"{endpoint.Method} {OpenApiPath(endpoint.Route)}", []).Should()
                .Contain(needed, "the OpenAPI document declares the query of {0} {1}", endpoint.Method, endpoint.Route);
        }

        return declared;
    }

    /// <summary>A route as the OpenAPI document writes it: parameters without constraints or optional marks.</summary>
    private static string OpenApiPath(string route) => System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:?]+)[^}]*\}", "{$1}");

    /// <summary>Each id (or year) in the route replaced by what is not an id of anything.</summary>
    private static IEnumerable<(string Name, string Url, string? ContentType, byte[] Body)> RouteCases(ApiEndpoint endpoint, string url)
    {
        if (!endpoint.Route.Contains("{id}", StringComparison.Ordinal) && !endpoint.Route.Contains("{year}", StringComparison.Ordinal)) yield break;
        var id = url.Split('/')[3];
        foreach (var value in new[] { "not-a-guid", "0", "-1", "00000000-0000-0000-0000-000000000000", "%00", "' OR 1=1 --", new('9', 5_000), "..", "%2e%2e%2f" })
            yield return ($"id {Label(value)}", url.Replace(id, Uri.EscapeDataString(value)), endpoint.Method == "GET" ? null : Json,
                endpoint.Method == "GET" ? [] : "{}"u8.ToArray());
    }

    /// <summary>Signs of a stack trace or of SQL in an answer.</summary>
    private static string? Leaks(string text) =>
        new[] { "   at ", "Exception:", "Npgsql", "PostgresException", "mt_events", "mt_doc_", "System.Private", "StackTrace" }
            .FirstOrDefault(sign => text.Contains(sign, StringComparison.Ordinal));

    /// <summary>
    /// The newest event but one kind: the pool's dispatch register, opened the first time anybody dispatches in the pool
    /// (ADR 004), belongs to the pool rather than to the request, and a refused dispatch may be what opens it.
    /// </summary>
    private static async Task<long> NewestEventAsync(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from mt_events where type <> 'dispatch_register_opened'", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static byte[] With(JsonObject sample, string field, JsonNode? value, bool remove = false)
    {
        var body = sample.DeepClone().AsObject();
        if (remove) body.Remove(field);
        else body[field] = value;
        return Encoding.UTF8.GetBytes(body.ToJsonString(Raw));
    }

    /// <summary>A raw token spliced in as written, so that what a serializer would refuse to write still reaches the server.</summary>
    private static byte[] WithRaw(JsonObject sample, string field, string token)
    {
        var body = sample.DeepClone().AsObject();
        body[field] = "\u0001placeholder\u0001";
        return Encoding.UTF8.GetBytes(body.ToJsonString(Raw).Replace("\"\\u0001placeholder\\u0001\"", token, StringComparison.Ordinal));
    }

    private static string Label(string value) => value.Length > 24 ? $"{value[..12]}…({value.Length:N0} chars)" : value;

    /// <summary>The JSON body of each endpoint's request in <c>samples/http</c>, where there is one.</summary>
    private static Dictionary<string, JsonObject> SampleBodies()
    {
        var bodies = new Dictionary<string, JsonObject>();
        var requests = RequestSamplesTests.SampleFiles().SelectMany(RequestSamplesTests.ReadRequests).ToList();
        foreach (var endpoint in ApiEndpoints.All.Where(e => e.Method == "POST"))
        {
            var pattern = RequestSamplesTests.RoutePattern(endpoint.Route);
            foreach (var request in requests.Where(r => r.Method == "POST" && pattern.IsMatch(r.Path)))
            {
                try
                {
                    if (JsonNode.Parse(request.Body) is JsonObject body)
                    {
                        bodies.TryAdd($"{endpoint.Method} {endpoint.Route}", body);
                        break;
                    }
                }
                catch (JsonException)
                {
                    // A sample that refers to an earlier answer is not JSON on its own.
                }
            }
        }

        return bodies;
    }
}
