using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Samples.DemoCity;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using Wolverine.Http;
using Xunit;

namespace Fleet.Server.Tests.Samples;

/// <summary>
/// <c>samples/http/</c> is where people try the API by hand (VS Code REST Client, JetBrains HTTP client): every
/// endpoint has a request there, and the requests sign in with the demo accounts only. The endpoints come from the
/// Wolverine route attributes of Fleet.Server, read by reflection; nothing is started.
/// </summary>
public sealed partial class RequestSamplesTests
{
    private static readonly string SamplesDirectory = Path.Combine(TestRepository.Root, "samples", "http");

    /// <summary>Mapped by the host itself rather than by Wolverine (see <c>FleetHost.UseFleet</c>).</summary>
    private static readonly Endpoint[] HostEndpoints =
    [
        new("GET", "/health/live"),
        new("GET", "/health/ready"),
        new("GET", "/health/projections"),
        new("GET", "/openapi/{documentName}.json"),
        new("GET", "/api/reference"),
    ];

    private static readonly string[] SignInPaths = ["/api/auth/token", "/api/auth/sign-in"];

    [Fact]
    public void The_scan_finds_the_endpoints_and_the_requests()
    {
        var endpoints = WolverineEndpoints();
        endpoints.Count.Should().BeGreaterThanOrEqualTo(70,
            "Fleet.Server has far more Wolverine endpoints than the {0} found; the reflection no longer finds the route attributes",
            endpoints.Count);

        var files = SampleFiles();
        files.Should().NotBeEmpty("the request samples live in {0}", SamplesDirectory);
        var empty = files.Where(file => ReadRequests(file).Count == 0).Select(Path.GetFileName).ToList();
        empty.Should().BeEmpty("every request file holds requests that the parser recognises");
    }

    [Fact]
    public void Every_endpoint_has_a_request_sample()
    {
        var requests = SampleFiles().SelectMany(ReadRequests).ToList();

        var missing = WolverineEndpoints().Concat(HostEndpoints)
            .Select(endpoint => (Endpoint: endpoint, Path: RoutePattern(endpoint.Template)))
            .Where(e => !requests.Any(request => request.Method == e.Endpoint.Method && e.Path.IsMatch(request.Path)))
            .Select(e => e.Endpoint.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        missing.Should().BeEmpty("every endpoint needs a request in samples/http/; {0} without one:{1}{2}",
            missing.Count, Environment.NewLine, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Requests_sign_in_with_demo_accounts_and_the_demo_password_only()
    {
        var demoLogins = WCity.Districts.Prepend(WCity.City)
            .SelectMany(pool => Enum.GetValues<Role>().Select(role => DemoCity.Login(pool.Prefix, role)))
            .ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var signIns = 0;

        foreach (var file in SampleFiles())
        {
            foreach (var request in ReadRequests(file).Where(r => r.Method == "POST" && SignInPaths.Contains(r.Path)))
            {
                signIns++;
                var (login, password) = Credentials(request.Body);
                if (login is null || !demoLogins.Contains(login))
                    problems.Add($"{request.Location}: signs in as '{login}', not as a demo account <pool>.<role>");
                if (password != DemoCity.Password)
                    problems.Add($"{request.Location}: signs in without the demo password");
            }

            // The value is left out of the message: a password that is not the demo one has no place in a test log either.
            problems.AddRange(Passwords(file)
                .Where(p => p.Value != DemoCity.Password)
                .Select(p => $"{Path.GetFileName(file)}:{p.Line}: a password other than the demo password"));
        }

        signIns.Should().BeGreaterThan(0, "the request files sign in through {0}", string.Join(" or ", SignInPaths));
        problems.Should().BeEmpty("request samples use the demo accounts ({0}) with the password {1} only:{2}{3}",
            string.Join(", ", demoLogins.Order(StringComparer.Ordinal)), DemoCity.Password, Environment.NewLine,
            string.Join(Environment.NewLine, problems));
    }

    private static List<Endpoint> WolverineEndpoints()
    {
        var assembly = typeof(Fleet.Server.Hosting.FleetHost).Assembly;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance |
                                 BindingFlags.DeclaredOnly;
        return assembly.GetTypes()
            .SelectMany(type => type.GetMethods(all))
            .SelectMany(method => method.GetCustomAttributes<WolverineHttpMethodAttribute>(inherit: false))
            .Select(route => new Endpoint(route.HttpMethod.ToUpperInvariant(), "/" + route.Template.TrimStart('/')))
            .Distinct()
            .ToList();
    }

    internal static List<string> SampleFiles() =>
        Directory.Exists(SamplesDirectory)
            ? Directory.GetFiles(SamplesDirectory, "*.http", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The requests of one file: blocks separated by <c>###</c>, each with a request line (<c>METHOD URL [HTTP/x]</c>,
    /// or a bare URL for a GET), headers, a blank line and a body. File variables (<c>@fleet = http://localhost:5080</c>)
    /// are filled in; values taken from an earlier response stay as written and stand for a route parameter.
    /// </summary>
    internal static List<SampleRequest> ReadRequests(string file)
    {
        var lines = File.ReadAllLines(file);
        var variables = FileVariables(lines);
        var requests = new List<SampleRequest>();

        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i < lines.Length && !lines[i].TrimStart().StartsWith("###", StringComparison.Ordinal)) continue;
            if (ReadRequest(file, lines, start, i, variables) is { } request) requests.Add(request);
            start = i + 1;
        }

        return requests;
    }

    private static SampleRequest? ReadRequest(string file, string[] lines, int start, int end, IReadOnlyDictionary<string, string> variables)
    {
        var i = start;
        while (i < end && (string.IsNullOrWhiteSpace(lines[i]) || IsComment(lines[i]) || VariableLine().IsMatch(lines[i]))) i++;
        if (i == end) return null;

        var requestLine = RequestLine().Match(lines[i].Trim());
        if (!requestLine.Success) return null;
        var lineNumber = i + 1;
        var url = new StringBuilder(requestLine.Groups["url"].Value);

        // Long query strings may go on over the next lines, each starting with ? or &.
        for (i++; i < end && lines[i].TrimStart() is ['?' or '&', ..] continued; i++) url.Append(continued.Trim());
        // Headers, up to the blank line before the body.
        for (; i < end && !string.IsNullOrWhiteSpace(lines[i]); i++) { }

        var body = string.Join('\n', lines[i..end].Where(line => !IsComment(line)));
        var method = requestLine.Groups["method"].Success ? requestLine.Groups["method"].Value : "GET";
        return new SampleRequest($"{Path.GetFileName(file)}:{lineNumber}", method, PathOf(Resolve(url.ToString(), variables)),
            Resolve(body, variables));
    }

    private static bool IsComment(string line) =>
        line.TrimStart() is var text && (text.StartsWith('#') || text.StartsWith("//", StringComparison.Ordinal));

    private static Dictionary<string, string> FileVariables(IEnumerable<string> lines) =>
        lines.Select(line => VariableLine().Match(line))
            .Where(m => m.Success)
            .GroupBy(m => m.Groups["name"].Value)
            .ToDictionary(g => g.Key, g => g.Last().Groups["value"].Value.Trim());

    /// <summary>
    /// Fills in the file variables, also when one refers to another (a few rounds, so a cycle ends). What is left
    /// (<c>{{admin.response.body.accessToken}}</c>, <c>{{$guid}}</c>) is not a file variable and stays as written.
    /// </summary>
    private static string Resolve(string text, IReadOnlyDictionary<string, string> variables)
    {
        for (var round = 0; round < 10; round++)
        {
            var resolved = Reference().Replace(text, m => variables.GetValueOrDefault(m.Groups["name"].Value, m.Value));
            if (resolved == text) return text;
            text = resolved;
        }

        return text;
    }

    /// <summary>The path of a request URL: without scheme and host (or a variable standing for them), query and fragment.</summary>
    private static string PathOf(string url)
    {
        var rest = url;
        var host = HostPrefix().Match(rest);
        if (host.Success) rest = rest[host.Length..];
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0) rest = rest[..end];
        return rest.StartsWith('/') ? rest : "/" + rest;
    }

    private static (string? Login, string? Password) Credentials(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            string? login = null, password = null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String) continue;
                if (property.Name.Equals("loginName", StringComparison.OrdinalIgnoreCase)) login = property.Value.GetString();
                if (property.Name.Equals("password", StringComparison.OrdinalIgnoreCase)) password = property.Value.GetString();
            }

            return (login, password);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Every password a file spells out, wherever it is: a JSON property, a form or query field, or a file variable
    /// named like one. Variables are filled in first, so that <c>"password": "{{pw}}"</c> counts with its value.
    /// </summary>
    private static IEnumerable<(int Line, string Value)> Passwords(string file)
    {
        var lines = File.ReadAllLines(file);
        var variables = FileVariables(lines);
        for (var i = 0; i < lines.Length; i++)
        {
            if (VariableLine().Match(lines[i]) is { Success: true } variable
                && variable.Groups["name"].Value.Contains("password", StringComparison.OrdinalIgnoreCase))
                yield return (i + 1, Resolve(variable.Groups["value"].Value.Trim(), variables));
        }

        // The whole text rather than line by line, for a JSON property split over two lines; variable lines are blanked
        // out (keeping the line count) since they were read above.
        var text = Resolve(string.Join('\n', lines.Select(line => VariableLine().IsMatch(line) ? "" : line)), variables);
        foreach (Match m in JsonPassword().Matches(text)) yield return (LineAt(text, m.Index), JsonString(m.Groups["value"].Value));
        foreach (Match m in FieldPassword().Matches(text)) yield return (LineAt(text, m.Index), Uri.UnescapeDataString(m.Groups["value"].Value));
    }

    private static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static string JsonString(string escaped)
    {
        try
        {
            return JsonSerializer.Deserialize<string>($"\"{escaped}\"") ?? escaped;
        }
        catch (JsonException)
        {
            return escaped;
        }
    }

    /// <summary>An endpoint as the server maps it: an HTTP method and a route template.</summary>
    private sealed record Endpoint(string Method, string Template)
    {
        public override string ToString() => $"{Method} {Template}";
    }

    /// <summary>
    /// The paths a route template matches: a parameter (<c>{id}</c>, <c>{id:guid}</c>) stands for any text without a
    /// slash, an optional one (<c>{page?}</c>) may be left out, a catch-all (<c>{*rest}</c>) takes the rest.
    /// </summary>
    internal static Regex RoutePattern(string template)
    {
        var pattern = new StringBuilder("^");
        foreach (var segment in template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (WholeSegmentParameter().Match(segment) is { Success: true } parameter)
            {
                if (parameter.Groups["catchAll"].Success)
                {
                    pattern.Append("(?:/.*)?");
                    continue;
                }

                if (parameter.Groups["optional"].Success)
                {
                    pattern.Append("(?:/[^/]+)?");
                    continue;
                }
            }

            pattern.Append('/');
            var at = 0;
            foreach (Match m in RouteParameter().Matches(segment))
            {
                pattern.Append(Regex.Escape(segment[at..m.Index])).Append("[^/]+");
                at = m.Index + m.Length;
            }

            pattern.Append(Regex.Escape(segment[at..]));
        }

        return new Regex(pattern.Append("/?$").ToString(), RegexOptions.CultureInvariant);
    }

    internal sealed record SampleRequest(string Location, string Method, string Path, string Body);

    [GeneratedRegex(@"^(?:(?<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|QUERY)\s+)?(?<url>(?:https?://|\{\{|/)\S*)(?:\s+HTTP/\d(?:\.\d)?)?$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^\s*@(?<name>[A-Za-z_][\w.-]*)\s*=(?<value>.*)$")]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}\s]+)\s*\}\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*|\{\{[^{}]*\}\})")]
    private static partial Regex HostPrefix();

    [GeneratedRegex(@"""password""\s*:\s*""(?<value>(?:[^""\\]|\\.)*)""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonPassword();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])password=(?<value>[^&\s""]*)", RegexOptions.IgnoreCase)]
    private static partial Regex FieldPassword();

    [GeneratedRegex(@"^\{(?:(?<catchAll>\*{1,2})[^{}]+|[^{}?]+(?<optional>\?)|[^{}]+)\}$")]
    private static partial Regex WholeSegmentParameter();

    [GeneratedRegex(@"\{[^{}]+\}")]
    private static partial Regex RouteParameter();
}
